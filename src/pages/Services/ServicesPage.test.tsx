import React from 'react';
import { screen, waitFor, within } from '@testing-library/react';

import {
  type AppSettings,
  getAppSettings,
  listPrometheusLabels,
  listPrometheusLabelValues,
  previewService,
  updateAppSettings,
  validateSettings,
} from '../../api/client';
import { ApiError } from '../../api/errors';
import type { ServicePreview } from '../../api/types';
import { resetFakeApi, signedInAs } from '../../testing/fakeApi';
import { aMetricQuery } from '../../testing/fixtures';
import { withSizedLayout } from '../../testing/layout';
import { renderAt } from '../../testing/render';
import { fill, userWithFakeClock } from '../../testing/user';
import ServicesPage from './ServicesPage';

jest.mock('@grafana/runtime', () => require('../../testing/runtime').runtimeMock());
jest.mock('../../api/client', () => require('../../testing/fakeApi').fakeApi());

const PATH = '/a/warroom-incident-app/services';
const CART = {
  name: 'cart',
  selector: 'service="cart"',
  healthUrl: 'http://cart:3001/health',
  aws: { region: 'us-east-1', autoScalingGroup: 'cart-asg' },
  postgres: 'orders',
};
const SETTINGS: AppSettings = {
  enabled: true,
  pinned: true,
  jsonData: { prometheus: { url: 'http://prometheus:9090' }, severityLabels: 'SEV', services: [CART] },
  secureJsonFields: { 'postgres.orders': true, postgresDsn: true },
};

function aPreview(overrides: Partial<ServicePreview> = {}): ServicePreview {
  return {
    from: '2026-11-29T07:10:00Z',
    to: '2026-11-29T08:10:00Z',
    stepMs: 15_000,
    thresholds: { errorRateHigh: 0.05, errorRateElevated: 0.01, latencyP99Seconds: 0.5, sustainedForMs: 300_000 },
    service: {
      service: 'checkout',
      errorRate: aMetricQuery('error rate of checkout', [0.2, 0.21]),
      latency: aMetricQuery('p99 of checkout', [0.1, 0.12]),
    },
    fields: [],
    ...overrides,
  };
}

const reload = jest.fn();
let user: ReturnType<typeof userWithFakeClock>;

beforeAll(() => {
  Object.defineProperty(window, 'location', { configurable: true, value: { ...window.location, reload } });
});

beforeEach(() => {
  resetFakeApi();
  reload.mockClear();
  window.sessionStorage.clear();
  user = userWithFakeClock();
  signedInAs('Admin');
  jest.mocked(getAppSettings).mockResolvedValue(SETTINGS);
  jest.mocked(listPrometheusLabels).mockResolvedValue({ labels: ['job', 'service'], truncated: false });
  jest
    .mocked(listPrometheusLabelValues)
    .mockImplementation(async (label) => ({ label, values: ['cart', 'checkout'], truncated: false }));
  jest.mocked(previewService).mockResolvedValue(aPreview());
});

afterEach(() => jest.useRealTimers());

async function renderPage() {
  const result = await renderAt(PATH, { [PATH]: <ServicesPage /> });
  await screen.findByText(/No services yet|^cart$/);
  return result;
}

/** Picks `option` in the combobox labelled `name`. */
async function pick(name: string, option: string) {
  await withSizedLayout(async () => {
    await user.click(screen.getByRole('combobox', { name }));
    await user.click(await screen.findByRole('option', { name: option }));
  });
}

it('shows a Viewer the catalog read-only', async () => {
  signedInAs('Viewer');
  await renderPage();

  const row = screen.getByRole('row', { name: /cart/ });
  expect(row).toHaveTextContent('service="cart"');
  expect(row).toHaveTextContent('http://cart:3001/health');
  expect(row).toHaveTextContent('Region: us-east-1');
  expect(row).toHaveTextContent('Auto Scaling group: cart-asg');
  expect(row).toHaveTextContent('orders');
  expect(screen.queryByRole('button', { name: /Add service|Add all from label|Edit|Remove/ })).not.toBeInTheDocument();
  expect(screen.getByRole('button', { name: 'Export JSON' })).toBeInTheDocument();
  expect(listPrometheusLabels).not.toHaveBeenCalled();
});

it('says what a service is for when there is none, and offers an Admin both ways to add', async () => {
  jest.mocked(getAppSettings).mockResolvedValue({ ...SETTINGS, jsonData: {} });
  await renderPage();

  expect(screen.getByText('No services yet')).toBeInTheDocument();
  expect(screen.getAllByText(/tells Warroom how to read its error rate and p99 latency/).length).toBeGreaterThan(0);
  expect(screen.getByRole('button', { name: 'Add service' })).toBeInTheDocument();
  expect(screen.getByRole('button', { name: 'Add all from label…' })).toBeInTheDocument();
  expect(screen.queryByRole('button', { name: 'Export JSON' })).not.toBeInTheDocument();
});

it('adds a service picked by label value, previews it, and saves only the catalog of the settings read fresh', async () => {
  await renderPage();
  // The preview answers once the pickers are closed: its graphs measure their width, and only
  // the pickers need the sized layout.
  let answerPreview = (_: ServicePreview) => {};
  jest.mocked(previewService).mockImplementation(() => new Promise((resolve) => (answerPreview = resolve)));
  await user.click(screen.getByRole('button', { name: 'Add service' }));
  await pick('Label', 'service');
  await pick('Value', 'checkout');
  answerPreview(aPreview());

  expect(screen.getByLabelText(/^Name/)).toHaveValue('checkout');
  expect(screen.getByLabelText(/^Selector/)).toHaveValue('service="checkout"');
  expect(previewService).toHaveBeenLastCalledWith({ name: 'checkout', selector: 'service="checkout"' });
  const preview = screen.getByRole('region', { name: 'Preview' });
  expect(await within(preview).findByRole('figure', { name: 'Error rate' })).toBeInTheDocument();
  expect(within(preview).getByRole('figure', { name: 'p99 latency' })).toBeInTheDocument();
  expect(preview).toHaveTextContent('Bands: error rate elevated above 1%, high above 5%; p99 latency above 500 ms.');

  // Someone changed other settings since the page loaded: the save sends theirs back untouched.
  const fresh: AppSettings = {
    ...SETTINGS,
    jsonData: { ...SETTINGS.jsonData, queries: { rateWindow: '1m' } },
  };
  jest.mocked(getAppSettings).mockResolvedValue(fresh);
  await user.click(screen.getByRole('button', { name: 'Save service' }));

  const jsonData = { ...fresh.jsonData, services: [CART, { name: 'checkout', selector: 'service="checkout"' }] };
  await waitFor(() => expect(reload).toHaveBeenCalled());
  expect(validateSettings).toHaveBeenCalledWith(jsonData);
  // No secureJsonData: Grafana keeps every stored secret.
  expect(updateAppSettings).toHaveBeenCalledWith({ enabled: true, pinned: true, jsonData });
});

it('says "Saved" on the page loaded after a save', async () => {
  window.sessionStorage.setItem('warroom-services-saved', 'checkout added.');
  await renderPage();

  expect(screen.getByRole('status', { name: 'Saved' })).toHaveTextContent('checkout added.');
  expect(window.sessionStorage.getItem('warroom-services-saved')).toBeNull();
});

it('shows the back end’s refusal of the service at its fields, and saves nothing', async () => {
  jest.mocked(validateSettings).mockRejectedValue(
    new ApiError(400, 'invalid_request', 'The settings are not valid.', [
      { path: 'services[1].aws.region', message: '"mars-1" is not an AWS region such as us-east-1' },
      { path: 'services[1].healthUrl', message: 'must be an absolute http:// or https:// URL' },
    ])
  );
  await renderPage();
  await user.click(screen.getByRole('button', { name: 'Add service' }));
  await fill(user, screen.getByLabelText(/^Name/), 'checkout');
  await fill(user, screen.getByLabelText(/^Selector/), 'service="checkout"');
  await fill(user, screen.getByLabelText(/^Health URL/), 'checkout:3000');
  await user.click(screen.getByRole('button', { name: 'AWS resources' }));
  await fill(user, screen.getByLabelText(/^Region/), 'mars-1');
  await user.click(screen.getByRole('button', { name: 'Save service' }));

  expect(await screen.findByText('"mars-1" is not an AWS region such as us-east-1')).toBeInTheDocument();
  expect(screen.getByText('must be an absolute http:// or https:// URL')).toBeInTheDocument();
  expect(screen.getByRole('alert', { name: 'The services were not saved' })).toHaveTextContent(
    'The fields marked below say why.'
  );
  expect(updateAppSettings).not.toHaveBeenCalled();
  expect(reload).not.toHaveBeenCalled();
});

it('draws an empty preview and says at the selector that it matches nothing', async () => {
  const message = 'no series in Prometheus match service="nope" over the last hour';
  jest.mocked(previewService).mockResolvedValue(
    aPreview({
      service: {
        service: 'nope',
        errorRate: aMetricQuery('error rate', [], { series: [] }),
        latency: aMetricQuery('p99', [], { series: [] }),
      },
      fields: [{ path: 'selector', message }],
    })
  );
  await renderPage();
  await user.click(screen.getByRole('button', { name: 'Add service' }));
  await fill(user, screen.getByLabelText(/^Name/), 'nope');
  await fill(user, screen.getByLabelText(/^Selector/), 'service="nope"');
  await user.tab();

  expect(await screen.findByText(message)).toBeInTheDocument();
  expect(previewService).toHaveBeenLastCalledWith({ name: 'nope', selector: 'service="nope"' });
  const preview = screen.getByRole('region', { name: 'Preview' });
  expect(within(preview).getAllByText('No data for this query in the window.')).toHaveLength(2);
});

it('adds all services from a label in one save, skipping names already in the catalog', async () => {
  await renderPage();
  await user.click(screen.getByRole('button', { name: 'Add all from label…' }));
  await pick('Label', 'service');

  const section = screen.getByRole('region', { name: 'Add all services from a label' });
  expect(await within(section).findByText('Adds 1 service: checkout. Skips cart.')).toBeInTheDocument();
  await user.click(within(section).getByRole('button', { name: 'Add 1 service' }));

  await waitFor(() => expect(reload).toHaveBeenCalled());
  expect(updateAppSettings).toHaveBeenCalledWith({
    enabled: true,
    pinned: true,
    jsonData: { ...SETTINGS.jsonData, services: [CART, { name: 'checkout', selector: 'service="checkout"' }] },
  });
});

it('edits a service with its current values and preview, and removes one after confirming', async () => {
  await renderPage();
  await user.click(screen.getByRole('button', { name: 'Edit cart' }));

  expect(screen.getByLabelText(/^Name/)).toHaveValue('cart');
  expect(screen.getByLabelText(/^Health URL/)).toHaveValue('http://cart:3001/health');
  expect(screen.getByLabelText(/^Auto Scaling group/)).toHaveValue('cart-asg');
  expect(previewService).toHaveBeenCalledWith(CART);
  await user.click(screen.getByRole('button', { name: 'Cancel' }));

  await user.click(screen.getByRole('button', { name: 'Remove cart' }));
  await user.click(screen.getByRole('button', { name: 'Remove cart' }));
  await waitFor(() => expect(reload).toHaveBeenCalled());
  expect(updateAppSettings).toHaveBeenCalledWith({
    enabled: true,
    pinned: true,
    jsonData: { prometheus: { url: 'http://prometheus:9090' }, severityLabels: 'SEV' },
  });
});

it('says why there is no preview without Prometheus, and leads an Admin to configure it', async () => {
  jest
    .mocked(previewService)
    .mockResolvedValue(aPreview({ reason: 'Prometheus is not configured: set its URL on the configuration page' }));
  await renderPage();
  await user.click(screen.getByRole('button', { name: 'Edit cart' }));

  const preview = screen.getByRole('region', { name: 'Preview' });
  expect(await within(preview).findByText(/^Prometheus is not configured/)).toBeInTheDocument();
  expect(within(preview).getByRole('link', { name: 'Configure Prometheus' })).toHaveAttribute(
    'href',
    '/plugins/warroom-incident-app'
  );
  expect(within(preview).queryByRole('figure')).not.toBeInTheDocument();
});
