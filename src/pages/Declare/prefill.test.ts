import type { DataQuery } from '@grafana/schema';

import { alertDeclarePath, panelDeclarePath } from '../../extensions/declareLink';
import { prefillFromQuery } from './prefill';

const read = (qs: string) => prefillFromQuery(new URLSearchParams(qs));

it('reads a panel: title, links, time range, source URL and its queries', () => {
  const q = new URLSearchParams({ panelTitle: ' Checkout 5xx ', dashboardUid: 'ops main', panelId: '4' });
  q.set('from', '1764403200000');
  q.set('to', 'now');
  q.append('expr', 'sum(rate(errors[5m]))');
  q.append('expr', '  ');
  q.append('expr', 'up{job="checkout"}');

  expect(prefillFromQuery(q)).toEqual({
    title: 'Checkout 5xx',
    links: { dashboardUid: 'ops main', panelId: 4, alertRuleUid: undefined },
    labels: { from: '1764403200000', to: 'now' },
    sourceUrl: '/d/ops%20main?viewPanel=4&from=1764403200000&to=now',
    exprs: ['sum(rate(errors[5m]))', 'up{job="checkout"}'],
    alertLabels: {},
    from: '1764403200000',
    to: 'now',
    origin: 'panel',
  });
});

it('reads an alert: its name as a label, its rule as a link, and its labels for the suggestion', () => {
  const prefill = read(
    'alertName=CheckoutErrors&panelTitle=Checkout+5xx+above+5%25&ruleUid=rule-1&from=1764401400000&to=now' +
      '&expr=sum(rate(errors%5B5m%5D))&label=service%3Dcheckout-api&label=team%3Dpayments'
  );

  expect(prefill.origin).toBe('alert');
  expect(prefill.title).toBe('Checkout 5xx above 5%');
  expect(prefill.links).toEqual({ dashboardUid: undefined, panelId: undefined, alertRuleUid: 'rule-1' });
  expect(prefill.labels).toEqual({ alertname: 'CheckoutErrors', from: '1764401400000', to: 'now' });
  expect(prefill.alertLabels).toEqual({ service: 'checkout-api', team: 'payments' });
  expect(prefill.exprs).toEqual(['sum(rate(errors[5m]))']);
  expect(prefill.sourceUrl).toBeUndefined();
});

it('splits `label=k=v` at the first "=", keeping any "=" in the value, and skips pairs without a name', () => {
  const q = new URLSearchParams();
  for (const pair of ['route=/cart?id=1', 'selector=job=checkout', 'empty=', '=orphan', 'no-equals-sign']) {
    q.append('label', pair);
  }
  expect(prefillFromQuery(q).alertLabels).toEqual({
    route: '/cart?id=1',
    selector: 'job=checkout',
    empty: '',
  });
});

it('ignores a panel id that is not a number and opens from nowhere without parameters', () => {
  expect(read('dashboardUid=abc&panelId=4x').links).toEqual({
    dashboardUid: 'abc',
    panelId: undefined,
    alertRuleUid: undefined,
  });
  expect(read('')).toEqual({
    title: '',
    links: undefined,
    labels: undefined,
    sourceUrl: undefined,
    exprs: [],
    alertLabels: {},
    from: undefined,
    to: undefined,
    origin: undefined,
  });
});

// The link (module.tsx) and the page are built separately: what one writes the other must read.
describe('reads back what the "Declare incident" link writes', () => {
  const readPath = (path: string) => prefillFromQuery(new URL(path, 'http://grafana.local').searchParams);

  it('for an alert instance', () => {
    const prefill = readPath(
      alertDeclarePath({
        rule: { uid: 'rule-1', name: 'CheckoutErrors', query: 'sum(rate(errors[5m])) > 0.05', labels: {} },
        instance: {
          labels: { alertname: 'CheckoutErrors', service: 'checkout-api', selector: 'a=b' },
          activeAt: '2026-11-29T08:00:00Z',
        },
      })
    );
    expect(prefill).toMatchObject({
      title: 'CheckoutErrors',
      origin: 'alert',
      links: { alertRuleUid: 'rule-1' },
      labels: { alertname: 'CheckoutErrors', from: String(Date.parse('2026-11-29T07:30:00Z')), to: 'now' },
      exprs: ['sum(rate(errors[5m])) > 0.05'],
      alertLabels: { alertname: 'CheckoutErrors', service: 'checkout-api', selector: 'a=b' },
    });
  });

  it('for a panel', () => {
    const target: DataQuery & { expr: string } = { refId: 'A', expr: 'histogram_quantile(0.99, x)' };
    const prefill = readPath(
      panelDeclarePath({
        pluginId: 'timeseries',
        id: 7,
        title: 'Latency',
        timeRange: { from: 'now-1h', to: 'now' },
        timeZone: 'browser',
        dashboard: { uid: 'ops', title: 'Ops', tags: [] },
        targets: [target],
      })
    );
    expect(prefill).toMatchObject({
      title: 'Latency',
      origin: 'panel',
      links: { dashboardUid: 'ops', panelId: 7 },
      exprs: ['histogram_quantile(0.99, x)'],
      from: 'now-1h',
      to: 'now',
    });
  });
});
