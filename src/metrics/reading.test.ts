import { aMetricQuery, anIncidentMetrics } from '../testing/fixtures';
import { exploreUrl } from './explore';
import { latestValue, reading } from './reading';

const { thresholds } = anIncidentMetrics(); // error rate elevated 1%, high 5%; p99 800 ms

it('reads the latest sample of the worst series, skipping gaps', () => {
  const q = aMetricQuery('q', [0.02, 0.072, null]);
  expect(latestValue(q)).toBe(0.072);
  q.series.push({ labels: { job: 'b' }, points: [[0, 0.09]] });
  expect(latestValue(q)).toBe(0.09);
  expect(latestValue(aMetricQuery('q', [null, null]))).toBeUndefined();
});

it.each<[string, 'errorRate' | 'latency', number, string, string]>([
  ['error rate past the threshold', 'errorRate', 0.072, 'above', 'Error rate 7.2% — above the 5% threshold'],
  [
    'error rate in the elevated band',
    'errorRate',
    0.02,
    'elevated',
    'Error rate 2% — elevated above 1%, under the 5% threshold',
  ],
  ['error rate under both', 'errorRate', 0.004, 'under', 'Error rate 0.4% — under 1%'],
  ['latency past the threshold', 'latency', 0.9, 'above', 'p99 latency 900 ms — above the 800 ms threshold'],
  ['latency under it', 'latency', 0.31, 'under', 'p99 latency 310 ms — under 800 ms'],
])('%s', (_name, kind, value, level, text) => {
  expect(reading(aMetricQuery('q', [value]), kind, thresholds)).toEqual({ level, text });
});

it('has no reading without a sample', () => {
  expect(reading(aMetricQuery('q', [], { series: [] }), 'latency', thresholds)).toBeUndefined();
});

it('builds Grafana’s Explore URL for the query over the window', () => {
  const href = exploreUrl({
    datasourceUid: 'prom-main',
    expr: 'sum(rate(http_requests_total{job="checkout",code=~"5.."}[5m]))',
    from: '2026-11-29T07:30:00Z',
    to: '2026-11-29T09:00:00Z',
  });
  const url = new URL(href, 'http://grafana.local');
  expect(url.pathname).toBe('/explore');
  expect(url.searchParams.get('schemaVersion')).toBe('1');
  expect(JSON.parse(url.searchParams.get('panes')!)).toEqual({
    incident: {
      datasource: 'prom-main',
      queries: [
        {
          refId: 'A',
          datasource: { type: 'prometheus', uid: 'prom-main' },
          expr: 'sum(rate(http_requests_total{job="checkout",code=~"5.."}[5m]))',
        },
      ],
      range: { from: String(Date.parse('2026-11-29T07:30:00Z')), to: String(Date.parse('2026-11-29T09:00:00Z')) },
    },
  });
});
