import React from 'react';
import { type Observable, of, throwError } from 'rxjs';
import { render, screen, within } from '@testing-library/react';
import { getBackendSrv } from '@grafana/runtime';

import { aFreshConfigStatus, me } from '../../testing/fixtures';
import { fill, userWithFakeClock } from '../../testing/user';
import AppConfig from './AppConfig';
import { configPageProps as props, openSection } from './configPageProps';

// Through the real API client down to backendSrv, so the URLs the page posts to are checked too.
jest.mock('@grafana/runtime', () => ({ ...require('../../testing/runtime').runtimeMock(), getBackendSrv: jest.fn() }));

const VALIDATE_URL = '/api/plugins/warroom-incident-app/resources/settings/validate';
const SETTINGS_URL = '/api/plugins/warroom-incident-app/settings';

interface Request {
  method: string;
  url: string;
  data?: unknown;
}

let validate: () => Observable<unknown>;
let status: () => Observable<unknown>;
const fetch = jest.fn((req: Request): Observable<unknown> => {
  switch (`${req.method} ${req.url}`) {
    case 'GET /api/plugins/warroom-incident-app/resources/me':
      return of({ status: 200, data: me('Admin') });
    case 'GET /api/plugins/warroom-incident-app/resources/config/status':
      return status();
    case `POST ${VALIDATE_URL}`:
      return validate();
    case `POST ${SETTINGS_URL}`:
      return of({ status: 200, data: { message: 'Plugin settings updated' } });
  }
  return throwError(() => ({ status: 404, data: {} }));
});

/** The bodies POSTed to `url`, as they go over the wire. */
function posted(url: string): unknown[] {
  return fetch.mock.calls
    .map(([req]) => req)
    .filter((req) => req.method === 'POST' && req.url === url)
    .map((req) => JSON.parse(JSON.stringify(req.data)));
}

function invalid(fields: Array<{ path: string; message: string }>) {
  const data = { error: { code: 'invalid_request', message: 'the settings are not valid', fields } };
  return () => throwError(() => ({ status: 400, data }));
}

/**
 * The input labelled `label` in the settings group (fieldset) `group`. Looking a label up
 * costs jsdom a walk of the whole document per input in the scope, so the scope is a group.
 */
function inputIn(group: string, label: RegExp): HTMLElement {
  return within(screen.getByRole('group', { name: group })).getByLabelText(label);
}

/** The @grafana/ui Field around the input labelled `label`: its label, the input and the input's error. */
function fieldOf(group: string, label: RegExp): HTMLElement {
  const input = inputIn(group, label);
  let field = input.parentElement;
  while (field && !field.querySelector(`label[for="${input.id}"]`)) {
    field = field.parentElement;
  }
  if (!field) {
    throw new Error(`no Field around ${label}`);
  }
  return field;
}

const reload = jest.fn();
let user: ReturnType<typeof userWithFakeClock>;

beforeAll(() => {
  Object.defineProperty(window, 'location', { configurable: true, value: { ...window.location, reload } });
});

beforeEach(() => {
  user = userWithFakeClock();
  reload.mockReset();
  fetch.mockClear();
  validate = () => of({ status: 200, data: { valid: true } });
  status = () => of({ status: 200, data: aFreshConfigStatus() });
  jest.mocked(getBackendSrv).mockReturnValue({ fetch } as unknown as ReturnType<typeof getBackendSrv>);
});

afterEach(() => jest.useRealTimers());

const checkout = {
  name: 'checkout',
  selector: 'service="checkout"',
  healthUrl: 'http://checkout:3000/api/v1/health',
  aws: { region: 'us-east-1', autoScalingGroup: 'statux-prod-asg-api' },
  postgres: 'main',
};

it('checks, then saves queries, Prometheus and only the changed secrets, with the catalog as stored', async () => {
  render(
    <AppConfig
      {...props({
        jsonData: { dataDir: '/data/warroom', severityLabels: 'SEV', services: [checkout] },
        secureJsonFields: { postgresDsn: true, prometheusToken: true, alertWebhookSecret: true },
      })}
    />
  );
  await openSection(user, 'Prometheus');
  await fill(user, inputIn('Prometheus', /^URL/), 'http://prometheus:9090');
  await fill(user, inputIn('Prometheus', /^Basic auth user/), 'warroom');
  await fill(user, inputIn('Prometheus', /^Basic auth password/), 's3cret');
  await fill(user, inputIn('Prometheus', /^Requests metric/), 'requests_total');
  await fill(user, inputIn('Prometheus', /^Rate window/), '2m');
  await openSection(user, 'Alert webhook');
  await user.click(within(screen.getByRole('group', { name: 'Alert webhook' })).getByRole('button', { name: 'Reset' }));
  await fill(user, inputIn('Alert webhook', /^Re-evaluate open incidents every/), 'off');
  // Enter in any input saves.
  await fill(user, inputIn('Prometheus', /^Timeout/), '15s');
  await user.keyboard('{Enter}');

  const jsonData = {
    dataDir: '/data/warroom',
    severityLabels: 'SEV',
    services: [checkout],
    queries: { requestsMetric: 'requests_total', rateWindow: '2m' },
    prometheus: { url: 'http://prometheus:9090', basicAuthUser: 'warroom', timeout: '15s' },
    reevaluateEvery: 'off',
  };
  expect(posted(VALIDATE_URL)).toEqual([{ jsonData }]);
  expect(posted(SETTINGS_URL)).toEqual([
    {
      enabled: true,
      pinned: true,
      jsonData,
      // The DSN and the bearer token are kept by sending nothing for them.
      secureJsonData: { prometheusPassword: 's3cret', alertWebhookSecret: '' },
    },
  ]);
  const urls = fetch.mock.calls.map(([req]) => req.url);
  expect(urls.indexOf(VALIDATE_URL)).toBeLessThan(urls.indexOf(SETTINGS_URL));
  expect(reload).toHaveBeenCalled();
});

it('shows the check’s errors at their inputs, keeps what was typed and saves nothing', async () => {
  validate = invalid([
    { path: 'services[0].selector', message: 'must be label matchers such as service="checkout"' },
    { path: 'prometheus.url', message: 'must be an http(s) URL such as http://prometheus:9090' },
    { path: 'queries.rateWindow', message: 'must be a PromQL duration greater than zero' },
  ]);
  render(<AppConfig {...props({ jsonData: { services: [{ name: 'checkout', selector: 'checkout' }] } })} />);
  await openSection(user, 'Prometheus');
  await fill(user, inputIn('Prometheus', /^URL/), 'prometheus:9090');
  await fill(user, inputIn('Prometheus', /^Rate window/), '0m');
  await user.click(screen.getByRole('button', { name: 'Save settings' }));

  expect(await screen.findByText('the settings are not valid')).toBeInTheDocument();
  const catalog = screen.getByRole('region', { name: 'Service catalog' });
  expect(within(catalog).getByText(/must be label matchers such as service="checkout"/)).toHaveTextContent(
    'services[0].selector: must be label matchers such as service="checkout"'
  );
  expect(within(catalog).getByRole('link', { name: 'Edit on the Services page' })).toHaveAttribute(
    'href',
    '/a/warroom-incident-app/services'
  );
  expect(
    within(fieldOf('Prometheus', /^URL/)).getByText('must be an http(s) URL such as http://prometheus:9090')
  ).toBeInTheDocument();
  expect(
    within(fieldOf('Prometheus', /^Rate window/)).getByText('must be a PromQL duration greater than zero')
  ).toBeInTheDocument();
  expect(within(fieldOf('Prometheus', /^Timeout/)).queryByRole('alert')).not.toBeInTheDocument();

  expect(inputIn('Prometheus', /^URL/)).toHaveValue('prometheus:9090');
  expect(inputIn('Prometheus', /^Rate window/)).toHaveValue('0m');
  expect(posted(VALIDATE_URL)).toHaveLength(1);
  expect(posted(SETTINGS_URL)).toEqual([]);
  expect(reload).not.toHaveBeenCalled();
});

it('opens a closed section when the check finds a problem in it', async () => {
  validate = invalid([{ path: 'reevaluateEvery', message: 'must be a duration such as 1m, or off' }]);
  render(<AppConfig {...props({ jsonData: { reevaluateEvery: 'often' } })} />);
  expect(screen.queryByRole('group', { name: 'Alert webhook' })).not.toBeInTheDocument();
  await user.click(screen.getByRole('button', { name: 'Save settings' }));

  expect(await screen.findByRole('group', { name: 'Alert webhook' })).toBeInTheDocument();
  expect(
    within(fieldOf('Alert webhook', /^Re-evaluate open incidents every/)).getByText(
      'must be a duration such as 1m, or off'
    )
  ).toBeInTheDocument();
  expect(screen.queryByRole('group', { name: 'Prometheus' })).not.toBeInTheDocument();
});

it('saves only the fields of the Prometheus mode chosen', async () => {
  render(
    <AppConfig
      {...props({
        jsonData: { prometheus: { url: 'http://prometheus:9090', basicAuthUser: 'warroom', timeout: '5s' } },
        secureJsonFields: { prometheusPassword: true },
      })}
    />
  );
  await openSection(user, 'Prometheus');
  await fill(user, inputIn('Prometheus', /^Bearer token/), 'typed-then-abandoned');
  await user.click(screen.getByRole('radio', { name: 'Grafana data source' }));
  expect(within(screen.getByRole('group', { name: 'Prometheus' })).queryByLabelText(/^URL/)).not.toBeInTheDocument();
  await fill(user, inputIn('Prometheus', /^Data source uid/), 'prom-main');
  await fill(user, inputIn('Prometheus', /^Service account token/), 'glsa_x');
  await user.keyboard('{Enter}');

  const [saved] = posted(SETTINGS_URL);
  expect(saved).toHaveProperty('jsonData.prometheus', { datasourceUid: 'prom-main', timeout: '5s' });
  // The stored password is kept (unused in this mode); the token typed for the URL mode is not sent.
  expect(saved).toHaveProperty('secureJsonData', { grafanaToken: 'glsa_x' });
});

it('offers to save unchecked when Warroom cannot check the settings', async () => {
  validate = () => throwError(() => ({ status: 500, data: { message: 'Plugin unavailable' } }));
  render(<AppConfig {...props({ secureJsonFields: { postgresDsn: true } })} />);
  await openSection(user, 'Storage');
  await user.click(screen.getByRole('button', { name: 'Reset' }));
  await fill(user, inputIn('Storage', /^PostgreSQL connection string/), 'postgres://db/warroom');
  await user.click(screen.getByRole('button', { name: 'Save settings' }));

  expect(await screen.findByText(/Warroom could not check them \(Plugin unavailable\)/)).toBeInTheDocument();
  expect(posted(SETTINGS_URL)).toEqual([]);
  await user.click(screen.getByRole('button', { name: 'Save without checking' }));
  expect(posted(SETTINGS_URL)).toEqual([
    expect.objectContaining({ secureJsonData: { postgresDsn: 'postgres://db/warroom' } }),
  ]);
  expect(reload).toHaveBeenCalled();
});
