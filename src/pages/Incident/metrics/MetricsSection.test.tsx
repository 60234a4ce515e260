import React from 'react';
import { render, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { type AppPluginMeta, PluginContextProvider, createTheme } from '@grafana/data';
import { type DataSourceSrv, setDataSourceSrv } from '@grafana/runtime';

import { type AppJsonData, getIncidentMetrics } from '../../../api/client';
import { ApiError } from '../../../api/errors';
import { aMetricQuery, anIncident, anIncidentMetrics } from '../../../testing/fixtures';
import { withSizedLayout } from '../../../testing/layout';
import { MetricsSection } from './MetricsSection';
import { resetFakeApi, signedInAs } from '../../../testing/fakeApi';

jest.mock('../../../api/client', () => require('../../../testing/fakeApi').fakeApi());

const ID = 'INC-2026-11-29-001';

async function renderSection(incident = anIncident({ id: ID })) {
  const result = render(<MetricsSection incident={incident} />);
  await screen.findByRole('heading', { name: 'Metrics' });
  return result;
}

const section = () => screen.getByRole('region', { name: 'Metrics' });

beforeEach(() => {
  resetFakeApi();
});

it('says why there are no metrics when the back end cannot read them', async () => {
  jest
    .mocked(getIncidentMetrics)
    .mockResolvedValue(
      anIncidentMetrics({ services: [], reason: 'Prometheus is not configured: set its URL on the configuration page' })
    );
  await renderSection();

  expect(getIncidentMetrics).toHaveBeenCalledWith(ID);
  const hint = await within(section()).findByRole('status');
  expect(hint).toHaveTextContent('Metrics unavailable');
  expect(hint).toHaveTextContent(
    'Prometheus is not configured: set its URL on the configuration page, so there is nothing to graph.'
  );
  expect(within(section()).queryByRole('figure')).not.toBeInTheDocument();
});

it('says so when none of the incident’s services is in the service catalog, with the way to the Services page for an Admin', async () => {
  signedInAs('Admin');
  jest
    .mocked(getIncidentMetrics)
    .mockResolvedValue(anIncidentMetrics({ services: [], uncatalogued: ['legacy-billing'] }));
  await renderSection(anIncident({ id: ID, services: ['legacy-billing', 'batch'] }));

  const hint = await within(section()).findByRole('status');
  expect(hint).toHaveTextContent('Nothing to graph');
  expect(hint).toHaveTextContent("None of this incident's services (legacy-billing, batch) is in the service catalog.");
  expect(await within(hint).findByRole('link', { name: 'Add services' })).toHaveAttribute(
    'href',
    '/a/warroom-incident-app/services'
  );
  expect(within(section()).queryByRole('figure')).not.toBeInTheDocument();
});

it('shows an error-rate and a p99-latency graph per catalogued service, with the thresholds and failed queries', async () => {
  const base = anIncidentMetrics();
  jest.mocked(getIncidentMetrics).mockResolvedValue({
    ...base,
    services: [
      base.services[0],
      {
        service: 'payments',
        errorRate: aMetricQuery('payments:error_ratio:rate5m', [], { series: [] }),
        latency: aMetricQuery('payments:latency_p99:5m', [], { series: [], error: 'query timed out' }),
      },
    ],
    uncatalogued: ['legacy-billing'],
  });
  await renderSection(anIncident({ id: ID, services: ['checkout-api', 'payments', 'legacy-billing'] }));

  expect(await within(section()).findByRole('heading', { name: 'checkout-api' })).toBeInTheDocument();
  expect(within(section()).getByRole('heading', { name: 'payments' })).toBeInTheDocument();
  expect(section()).toHaveTextContent(
    'Bands: error rate elevated above 1%, high above 5%; p99 latency above 800 ms. The shaded span is the incident.'
  );

  const errorRates = screen.getAllByTestId('graph-errorRate');
  const latencies = screen.getAllByTestId('graph-latency');
  expect(errorRates).toHaveLength(2);
  expect(latencies).toHaveLength(2);
  expect(within(section()).getAllByRole('figure', { name: 'Error rate' })).toEqual(errorRates);
  expect(within(section()).getAllByRole('figure', { name: 'p99 latency' })).toEqual(latencies);
  // Each caption shows its query on hover.
  expect(within(errorRates[0]).getByText('Error rate')).toHaveAttribute('title', 'checkout:error_ratio:rate5m');
  expect(within(latencies[0]).getByText('p99 latency')).toHaveAttribute('title', 'checkout:latency_p99:5m');
  expect(within(latencies[0]).queryByRole('alert')).not.toBeInTheDocument();

  // payments: one query without data, one that failed; neither hides the other graphs.
  expect(errorRates[1]).toHaveTextContent('No data for this query in the window.');
  expect(within(latencies[1]).getByRole('alert')).toHaveTextContent('Could not read p99 latency: query timed out');

  expect(section()).toHaveTextContent('Not in the service catalog: legacy-billing.');
});

it('offers to try again when the metrics could not be loaded', async () => {
  jest
    .mocked(getIncidentMetrics)
    .mockRejectedValueOnce(new ApiError(502, 'internal', 'the plugin back end did not answer'))
    .mockResolvedValueOnce(anIncidentMetrics());
  await renderSection();

  const alert = await within(section()).findByRole('alert', { name: 'Metrics unavailable' });
  expect(alert).toHaveTextContent('the plugin back end did not answer');

  await userEvent.click(within(alert).getByRole('button', { name: 'Try again' }));

  expect(await within(section()).findByRole('heading', { name: 'checkout-api' })).toBeInTheDocument();
  expect(getIncidentMetrics).toHaveBeenCalledTimes(2);
});

it('reads the metrics again when the incident changes, e.g. is resolved', async () => {
  jest.mocked(getIncidentMetrics).mockResolvedValue(anIncidentMetrics());
  const { rerender } = await renderSection(anIncident({ id: ID, version: 4 }));
  await within(section()).findByRole('heading', { name: 'checkout-api' });
  expect(getIncidentMetrics).toHaveBeenCalledTimes(1);

  rerender(
    <MetricsSection
      incident={anIncident({ id: ID, version: 5, status: 'resolved', resolvedAt: '2026-11-29T09:00:00Z' })}
    />
  );

  expect(getIncidentMetrics).toHaveBeenCalledTimes(2);
  expect(await within(section()).findByRole('heading', { name: 'checkout-api' })).toBeInTheDocument();
});

/**
 * A 2D context (and Path2D) that accepts every call, so uPlot can draw in jsdom, which has no canvas.
 * Rectangles filled are recorded with the fill style they were filled with.
 */
function recordingCanvas() {
  const fills: Array<{ style: unknown; x: number; width: number }> = [];
  const state: Record<string | symbol, unknown> = {};
  const anything: unknown = new Proxy(function stub() {}, {
    get: (_target, prop) => {
      if (prop in state) {
        return state[prop];
      }
      if (prop === 'measureText') {
        return (text: string) => ({ width: text.length * 8 });
      }
      if (prop === 'fillRect') {
        return (x: number, _y: number, width: number) => fills.push({ style: state.fillStyle, x, width });
      }
      return anything;
    },
    set: (_target, prop, value) => {
      state[prop] = value;
      return true;
    },
    apply: () => anything,
    construct: () => anything as object,
  });
  const getContext = jest.spyOn(HTMLCanvasElement.prototype, 'getContext').mockReturnValue(anything as never);
  const hadPath2D = 'Path2D' in globalThis;
  const path2D = (globalThis as { Path2D?: unknown }).Path2D;
  Object.assign(globalThis, { Path2D: anything });
  const restore = () => {
    getContext.mockRestore();
    if (hadPath2D) {
      Object.assign(globalThis, { Path2D: path2D });
    } else {
      delete (globalThis as { Path2D?: unknown }).Path2D;
    }
  };
  return { fills, restore };
}

it('draws each graph with Grafana’s time series and shades the incident’s span', async () => {
  // 07:30–09:00 on the graph; the incident ran 08:00–08:30, the second third of the plot.
  jest.mocked(getIncidentMetrics).mockResolvedValue(anIncidentMetrics());
  const canvas = recordingCanvas();
  try {
    await withSizedLayout(async () => {
      await renderSection(anIncident({ id: ID, status: 'resolved', resolvedAt: '2026-11-29T08:30:00Z' }));
      const figure = await screen.findByTestId('graph-errorRate');
      await waitFor(() => expect(within(figure).getByTestId('uplot-main-div')).toBeInTheDocument());
      expect(within(screen.getByTestId('graph-latency')).getByTestId('uplot-main-div')).toBeInTheDocument();

      const shade = createTheme().colors.primary.transparent;
      await waitFor(() => expect(canvas.fills.filter((f) => f.style === shade).length).toBeGreaterThanOrEqual(2));
      const shaded = canvas.fills.filter((f) => f.style === shade);
      for (const testId of ['graph-errorRate', 'graph-latency']) {
        // The plot area of that graph (its axes take different widths).
        const plot = screen.getByTestId(testId).querySelector<HTMLElement>('.u-over')!;
        const left = parseFloat(plot.style.left);
        const width = parseFloat(plot.style.width);
        expect(shaded).toContainEqual({
          style: shade,
          x: expect.closeTo(left + width / 3, 1),
          width: expect.closeTo(width / 3, 1),
        });
      }
    });
  } finally {
    canvas.restore();
  }
});

it('says above each graph where its latest value stands against its threshold', async () => {
  // checkout-api: error rate ends 7% (a gap after it), past the 5% threshold; p99 ends 400 ms, under 800 ms.
  jest.mocked(getIncidentMetrics).mockResolvedValue(anIncidentMetrics());
  await renderSection();

  const errorRate = await screen.findByTestId('graph-errorRate');
  const above = within(errorRate).getByText('Error rate 7% — above the 5% threshold');
  expect(above).toHaveAttribute('data-level', 'above');
  expect(above.querySelector('svg')).not.toBeNull(); // an icon, not colour alone
  expect(above).toHaveStyle({ color: createTheme().colors.error.text });

  const under = within(screen.getByTestId('graph-latency')).getByText('p99 latency 400 ms — under 800 ms');
  expect(under).toHaveAttribute('data-level', 'under');
  expect(under).toHaveStyle({ color: createTheme().colors.text.secondary });
});

function renderWithSettings(jsonData: AppJsonData) {
  const meta = { id: 'warroom-incident-app', jsonData } as unknown as AppPluginMeta<AppJsonData>;
  render(
    <PluginContextProvider meta={meta}>
      <MetricsSection incident={anIncident({ id: ID })} />
    </PluginContextProvider>
  );
}

const panesOf = (href: string | null) =>
  JSON.parse(new URL(href ?? '', 'http://grafana.local').searchParams.get('panes') ?? '{}').incident;

it('links each graph to Explore with its query and window, through the data source the app reads Prometheus with', async () => {
  jest.mocked(getIncidentMetrics).mockResolvedValue(anIncidentMetrics());
  renderWithSettings({ prometheus: { datasourceUid: 'prom-main' } });

  const link = await screen.findByRole('link', { name: 'Explore checkout-api error rate query' });
  expect(link).toHaveTextContent('Explore');
  expect(link.getAttribute('href')).toMatch(/^\/explore\?schemaVersion=1&panes=/);
  expect(panesOf(link.getAttribute('href'))).toEqual({
    datasource: 'prom-main',
    queries: [
      { refId: 'A', datasource: { type: 'prometheus', uid: 'prom-main' }, expr: 'checkout:error_ratio:rate5m' },
    ],
    range: { from: String(Date.parse('2026-11-29T07:30:00Z')), to: String(Date.parse('2026-11-29T09:00:00Z')) },
  });
  const latency = screen.getByRole('link', { name: 'Explore checkout-api p99 latency query' });
  expect(panesOf(latency.getAttribute('href')).queries[0].expr).toBe('checkout:latency_p99:5m');
});

describe('when the app reads Prometheus by URL', () => {
  afterEach(() => setDataSourceSrv(undefined as unknown as DataSourceSrv));

  it('links to Explore with Grafana’s default Prometheus data source', async () => {
    const list = [
      { uid: 'prom-other', type: 'prometheus', isDefault: false },
      { uid: 'prom-default', type: 'prometheus', isDefault: true },
    ];
    setDataSourceSrv({ getList: () => list } as unknown as DataSourceSrv);
    jest.mocked(getIncidentMetrics).mockResolvedValue(anIncidentMetrics());
    renderWithSettings({ prometheus: { url: 'http://prometheus:9090' } });

    const link = await screen.findByRole('link', { name: 'Explore checkout-api error rate query' });
    expect(panesOf(link.getAttribute('href')).datasource).toBe('prom-default');
  });

  it('has no Explore link when Grafana has no Prometheus data source', async () => {
    setDataSourceSrv({ getList: () => [] } as unknown as DataSourceSrv);
    jest.mocked(getIncidentMetrics).mockResolvedValue(anIncidentMetrics());
    renderWithSettings({ prometheus: { url: 'http://prometheus:9090' } });

    await screen.findByTestId('graph-errorRate');
    expect(screen.queryByRole('link', { name: /^Explore/ })).not.toBeInTheDocument();
  });
});
