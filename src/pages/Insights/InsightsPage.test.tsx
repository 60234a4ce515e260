import React from 'react';
import { screen, within } from '@testing-library/react';
import { type AppPluginMeta, PluginContextProvider } from '@grafana/data';

import { type AppJsonData, exportInsightIncidents, getInsights } from '../../api/client';
import { ApiError } from '../../api/errors';
import { resetFakeApi, signedInAs } from '../../testing/fakeApi';
import { anEmptyInsightsReport, anInsightsGroup, anInsightsReport } from '../../testing/insightsFixtures';
import { withSizedLayout } from '../../testing/layout';
import { renderAt } from '../../testing/render';
import { userWithFakeClock } from '../../testing/user';
import InsightsPage from './InsightsPage';

jest.mock('@grafana/runtime', () => require('../../testing/runtime').runtimeMock());
jest.mock('../../api/client', () => require('../../testing/fakeApi').fakeApi());

const CATALOG: AppJsonData = {
  services: [
    { name: 'checkout', selector: 'service="checkout"' },
    { name: 'cart', selector: 'service="cart"' },
  ],
};

function renderInsights() {
  const meta = { id: 'warroom-incident-app', jsonData: CATALOG } as unknown as AppPluginMeta<AppJsonData>;
  return renderAt('/a/warroom-incident-app/insights', {
    '/a/warroom-incident-app/insights': (
      <PluginContextProvider meta={meta}>
        <InsightsPage />
      </PluginContextProvider>
    ),
  });
}

const headline = (name: string) => screen.getByRole('group', { name });
const table = () => screen.getByRole('table', { name: 'By severity' });
const cells = (row: HTMLElement) =>
  within(row)
    .getAllByRole('cell')
    .map((c) => c.textContent);

let user: ReturnType<typeof userWithFakeClock>;

beforeEach(() => {
  resetFakeApi();
  // 2026-12-06 06:30 UTC; jest.config.js runs the tests in UTC, so local midnights are 00:00Z.
  user = userWithFakeClock('2026-12-06T06:30:00Z');
  signedInAs('Viewer');
});

afterEach(() => jest.useRealTimers());

it('asks for the last 90 days by severity and week, in the browser’s zone', async () => {
  await renderInsights();
  expect(getInsights).toHaveBeenCalledWith({
    from: '2026-09-08T00:00:00.000Z',
    to: '2026-12-07T00:00:00.000Z',
    services: undefined,
    severities: undefined,
    groupBy: 'severity',
    bucket: 'week',
    tz: 'UTC',
  });
});

it('shows the headline figures, the charts and a row per group with the total', async () => {
  await renderInsights();

  expect(headline('Incidents')).toHaveTextContent('Incidents42 open · 2 resolved');
  expect(headline('MTTA')).toHaveTextContent('MTTA4 minmedian · p90 6 min · declared → acknowledged');
  expect(headline('MTTR')).toHaveTextContent('MTTR1 hmedian · p90 1 h');
  expect(headline('Respond-by met')).toHaveTextContent('50% (1 of 2)');
  expect(headline('Resolve-by met')).toHaveTextContent('100% (1 of 1)1 still running');

  expect(screen.getByRole('figure', { name: 'MTTA and MTTR (median) per week' })).toBeInTheDocument();
  expect(screen.getByRole('figure', { name: 'Incidents per week' })).toBeInTheDocument();

  const [, p1, p2, total] = within(table()).getAllByRole('row');
  expect(within(p1).getByRole('rowheader')).toHaveTextContent('P1');
  expect(cells(p1)).toEqual([
    '2',
    '1',
    '4 min',
    '6 min',
    '1 h',
    '1 h',
    '1 min',
    '50% (1 of 2)',
    '100% (1 of 1)',
    '2 (1 overdue)',
  ]);
  // No P2 incident is resolved: its MTTR is no data, never 0 s.
  expect(cells(p2).slice(2, 6)).toEqual(['12 min', '18 min', '—', '—']);
  expect(within(total).getByRole('rowheader')).toHaveTextContent('Total');
  expect(cells(total)[0]).toBe('4');
});

it('measures one service when it is picked from the catalog', async () => {
  await renderInsights();
  jest.mocked(getInsights).mockResolvedValue(
    anInsightsReport({
      total: anInsightsGroup({ incidents: 1, open: 0, resolved: 1 }),
      groups: [anInsightsGroup({ key: 'P2', incidents: 1 })],
    })
  );
  await withSizedLayout(async () => {
    await user.click(screen.getByRole('combobox', { name: 'Service' }));
    await user.click(await screen.findByRole('option', { name: 'cart' }));
  });

  expect(getInsights).toHaveBeenLastCalledWith(expect.objectContaining({ services: ['cart'] }));
  expect(await screen.findByText('0 open · 1 resolved')).toBeInTheDocument();
  expect(within(table()).getAllByRole('row')).toHaveLength(3);
});

it('groups by service and counts per month when asked', async () => {
  await renderInsights();
  jest.mocked(getInsights).mockResolvedValue(anInsightsReport({ groups: [anInsightsGroup({ key: 'checkout' })] }));
  await user.click(screen.getByRole('radio', { name: 'Service' }));
  await user.click(screen.getByRole('radio', { name: 'Month' }));
  await user.click(screen.getByRole('radio', { name: 'P1' }));
  await user.click(screen.getByRole('radio', { name: 'Last 365 days' }));

  expect(getInsights).toHaveBeenLastCalledWith(
    expect.objectContaining({
      groupBy: 'service',
      bucket: 'month',
      severities: ['P1'],
      from: '2025-12-07T00:00:00.000Z',
    })
  );
  const byService = await screen.findByRole('table', { name: 'By service' });
  expect(within(byService).getByRole('rowheader', { name: 'checkout' })).toBeInTheDocument();
  expect(byService).toHaveTextContent('An incident of several services counts in each of them, once in the total.');
  expect(screen.getByRole('figure', { name: 'Incidents per month' })).toBeInTheDocument();
});

it('says when no incident was declared in the range', async () => {
  jest.mocked(getInsights).mockResolvedValue(anEmptyInsightsReport());
  await renderInsights();
  expect(screen.getByText('No incidents declared in this range.')).toBeInTheDocument();
  expect(screen.queryByRole('table')).not.toBeInTheDocument();
});

it('says what failed and tries again on request', async () => {
  jest.mocked(getInsights).mockRejectedValueOnce(new ApiError(400, 'invalid_request', 'tz: unknown time zone'));
  await renderInsights();
  expect(await screen.findByText('tz: unknown time zone')).toBeInTheDocument();
  await user.click(screen.getByRole('button', { name: 'Try again' }));
  expect(await screen.findByRole('table', { name: 'By severity' })).toBeInTheDocument();
});

it('shows Viewers no export', async () => {
  await renderInsights();
  expect(screen.queryByRole('button', { name: 'Export CSV' })).not.toBeInTheDocument();
  expect(screen.queryByRole('button', { name: 'Export action items' })).not.toBeInTheDocument();
});

it('downloads the incidents of the current filters as CSV for Editors', async () => {
  signedInAs('Editor');
  jest.mocked(exportInsightIncidents).mockResolvedValue('id,severity\nINC-1,P1\n');
  const createObjectURL = jest.fn((_blob: Blob) => 'blob:warroom/csv');
  Object.assign(URL, { createObjectURL, revokeObjectURL: jest.fn() });
  const clicked: HTMLAnchorElement[] = [];
  const click = jest.spyOn(HTMLAnchorElement.prototype, 'click').mockImplementation(function (this: HTMLAnchorElement) {
    clicked.push(this);
  });
  try {
    await renderInsights();
    await user.click(await screen.findByRole('button', { name: 'Export CSV' }));

    expect(exportInsightIncidents).toHaveBeenCalledWith(jest.mocked(getInsights).mock.calls[0][0]);
    expect(clicked).toHaveLength(1);
    expect(clicked[0].download).toBe('warroom-incidents-2026-09-08-to-2026-12-06.csv');
    expect(createObjectURL.mock.calls[0][0].type).toBe('text/csv;charset=utf-8');
  } finally {
    click.mockRestore();
  }
});
