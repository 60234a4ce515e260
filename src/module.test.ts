import { dateTime, type PluginExtensionPanelContext, type ScopedVars } from '@grafana/data';
import { config, setTemplateSrv, type TemplateSrv } from '@grafana/runtime';

import { plugin } from './module';
import pluginJson from './plugin.json';

const panel = {
  pluginId: 'timeseries',
  id: 12,
  title: 'Checkout 5xx & latency',
  timeRange: { from: 'now-6h', to: 'now' },
  timeZone: 'browser',
  dashboard: { uid: 'ops-main', title: 'Ops', tags: [] },
  targets: [],
} as PluginExtensionPanelContext;

const ERRORS_EXPR = 'sum(rate(http_requests_total{job="checkout",code=~"5.."}[5m]))';
const LATENCY_EXPR = 'histogram_quantile(0.99, sum by (le) (rate(http_request_duration_seconds_bucket[5m])))';

const [link] = plugin.addedLinkConfigs;

/** The query string of the path the link opens for `context`. */
function openedWith(context: unknown): URLSearchParams {
  const { path } = link.configure!(context as PluginExtensionPanelContext) ?? {};
  const url = new URL(path!, 'http://grafana.local');
  expect(url.pathname).toBe('/a/warroom-incident-app/declare');
  return url.searchParams;
}

/** The org role Grafana's boot data gives the signed-in user; the link reads it each time it shows. */
const signInAs = (orgRole: string) => Object.assign(config.bootData.user, { orgRole });

beforeEach(() => signInAs('Editor'));
afterEach(() => signInAs(''));

describe('only for users who can declare (Editor and up; a Viewer would land on "Access denied")', () => {
  const alert = { rule: { name: 'CheckoutErrors', labels: {} }, instance: { labels: {} } };

  it.each(['Viewer', 'None', ''])('is left out of every menu for org role %p', (role) => {
    signInAs(role);
    expect(link.configure!(panel)).toBeUndefined();
    expect(link.configure!(alert)).toBeUndefined();
    expect(link.configure!(undefined)).toBeUndefined();
  });

  it.each(['Editor', 'Admin'])('opens the prefilled declare page for %s', (role) => {
    signInAs(role);
    expect(openedWith(panel).get('panelId')).toBe('12');
    expect(openedWith(alert).get('alertName')).toBe('CheckoutErrors');
  });
});

describe('"Declare incident" link', () => {
  it('is declared in plugin.json with the same title, targets and description, as Grafana requires', () => {
    expect(plugin.addedLinkConfigs).toHaveLength(1);
    expect(pluginJson.extensions.addedLinks).toEqual([
      { title: link.title, targets: link.targets, description: link.description },
    ]);
    // Not `grafana/alerting/alertingrule/action`: Grafana shows there only links of the plugin that
    // owns the rule (alerting/unified/plugins/useRulePluginLinkExtensions.ts).
    expect(link.targets).toEqual(['grafana/dashboard/panel/menu', 'grafana/alerting/instance/action']);
    expect(link.description).toBe(
      'Open a Warroom incident pre-filled from this panel or alert, with the severity its metrics justify'
    );
  });

  it('opens the plain declare page when Grafana gives no context', () => {
    expect(link.configure!(undefined)).toEqual({});
  });
});

describe('from the dashboard panel menu', () => {
  it('opens the declare page with the panel, dashboard and time range', () => {
    expect(Object.fromEntries(openedWith(panel))).toEqual({
      dashboardUid: 'ops-main',
      panelId: '12',
      panelTitle: 'Checkout 5xx & latency',
      from: 'now-6h',
      to: 'now',
    });
  });

  it('passes absolute time ranges as epoch milliseconds', () => {
    const from = dateTime('2026-11-29T08:00:00Z');
    const to = dateTime('2026-11-29T09:00:00Z');
    const query = openedWith({ ...panel, timeRange: { from, to } });
    expect(query.get('from')).toBe(String(from.valueOf()));
    expect(query.get('to')).toBe(String(to.valueOf()));
  });

  it('carries the PromQL of Prometheus and untyped queries, and drops other data sources’ queries', () => {
    const targets = [
      { refId: 'A', datasource: { type: 'prometheus', uid: 'prom' }, expr: ERRORS_EXPR },
      { refId: 'B', datasource: { type: 'loki', uid: 'logs' }, expr: '{job="checkout"} |= "error"' },
      { refId: 'C', expr: LATENCY_EXPR },
      { refId: 'D', datasource: { type: 'prometheus', uid: 'prom' }, expr: '   ' },
      { refId: 'E', datasource: { type: 'testdata', uid: 'td' }, scenarioId: 'random_walk' },
    ];
    const query = openedWith({ ...panel, targets });
    expect(query.getAll('expr')).toEqual([ERRORS_EXPR, LATENCY_EXPR]);
  });

  it('carries the queries as Prometheus would run them: dashboard and interval variables replaced', () => {
    // What Grafana's template service does with the dashboard's variable service=checkout.
    setTemplateSrv({
      replace: (target?: string, scopedVars?: ScopedVars) =>
        (target ?? '').replace(/\$(\w+)/g, (m, name: string) =>
          name === 'service' ? 'checkout' : String(scopedVars?.[name]?.value ?? m)
        ),
    } as unknown as TemplateSrv);
    try {
      const targets = [
        {
          refId: 'A',
          datasource: { type: 'prometheus', uid: 'prom' },
          expr: 'rate(http_requests_total{service="$service"}[$__rate_interval])',
        },
      ];
      expect(openedWith({ ...panel, targets }).getAll('expr')).toEqual([
        'rate(http_requests_total{service="checkout"}[60s])',
      ]);
    } finally {
      setTemplateSrv(undefined as unknown as TemplateSrv);
    }
  });

  it('keeps the URL short: at most 10 queries of at most 1500 characters', () => {
    const long = `sum(rate(x[5m])) + ${'1 + '.repeat(600)}1`;
    const targets = Array.from({ length: 12 }, (_, i) => ({ refId: `Q${i}`, expr: i === 0 ? long : `up{i="${i}"}` }));
    const exprs = openedWith({ ...panel, targets }).getAll('expr');
    expect(exprs).toHaveLength(10);
    expect(exprs[0]).toBe(long.slice(0, 1500));
  });
});

describe('from an alert', () => {
  const activeAt = '2026-11-29T08:00:00Z';
  const thirtyMinutesBefore = String(Date.parse(activeAt) - 30 * 60 * 1000);

  it('from an alert instance: the rule, its query, the instance labels and a window from before it fired', () => {
    const query = openedWith({
      rule: {
        uid: 'rule-uid-1',
        name: 'CheckoutErrors',
        query: ERRORS_EXPR,
        labels: { team: 'payments', severity: 'warning' },
        annotations: { summary: 'Checkout 5xx above 5%' },
      },
      instance: {
        labels: { alertname: 'CheckoutErrors', service: 'checkout-api', severity: 'critical' },
        annotations: {},
        activeAt,
        state: 'firing',
      },
    });
    expect(query.get('alertName')).toBe('CheckoutErrors');
    expect(query.get('panelTitle')).toBe('Checkout 5xx above 5%');
    expect(query.get('ruleUid')).toBe('rule-uid-1');
    expect(query.get('from')).toBe(thirtyMinutesBefore);
    expect(query.get('to')).toBe('now');
    expect(query.getAll('expr')).toEqual([ERRORS_EXPR]);
    // The instance's labels win over the rule's.
    expect(query.getAll('label')).toEqual([
      'team=payments',
      'severity=critical',
      'alertname=CheckoutErrors',
      'service=checkout-api',
    ]);
    expect(query.has('dashboardUid')).toBe(false);
  });

  it('from an alert instance of older Grafana versions (the whole CombinedRule): the uid of its Prometheus rule', () => {
    const query = openedWith({
      rule: {
        name: 'CheckoutLatency',
        query: LATENCY_EXPR,
        labels: {},
        annotations: {},
        namespace: { name: 'checkout' },
        group: { name: 'slo', rules: [] },
        promRule: { uid: 'prom-rule-7', type: 'alerting', name: 'CheckoutLatency', query: LATENCY_EXPR },
        instanceTotals: { firing: 1 },
      },
      instance: {
        labels: { alertname: 'CheckoutLatency', job: 'checkout' },
        annotations: { description: 'p99 above 800 ms' },
        activeAt,
        state: 'Alerting',
        value: '1.2e+00',
      },
    });
    expect(query.get('alertName')).toBe('CheckoutLatency');
    expect(query.get('panelTitle')).toBe('CheckoutLatency');
    expect(query.get('ruleUid')).toBe('prom-rule-7');
    expect(query.get('from')).toBe(thirtyMinutesBefore);
    expect(query.getAll('expr')).toEqual([LATENCY_EXPR]);
    expect(query.getAll('label')).toEqual(['alertname=CheckoutLatency', 'job=checkout']);
  });

  it('from an instance without its rule that never fired: the name from its labels and no window', () => {
    const query = openedWith({
      instance: { labels: { alertname: 'DiskFull', instance: 'db-1:9100' }, activeAt: '0001-01-01T00:00:00Z' },
    });
    expect(query.get('alertName')).toBe('DiskFull');
    expect(query.get('panelTitle')).toBe('DiskFull');
    expect(query.has('from')).toBe(false);
    expect(query.has('to')).toBe(false);
    expect(query.has('ruleUid')).toBe(false);
    expect(query.has('expr')).toBe(false);
    expect(query.getAll('label')).toEqual(['alertname=DiskFull', 'instance=db-1:9100']);
  });

  it('from an alert rule: its name, expression, labels and summary', () => {
    const query = openedWith({
      name: 'CheckoutErrors',
      namespace: 'checkout',
      group: 'slo',
      expression: ERRORS_EXPR,
      labels: { service: 'checkout-api', route: 'a=b' },
      annotations: { summary: 'Checkout 5xx above 5%' },
    });
    // A rule has no instance: no firing time, so no window; nor a uid in this context.
    expect([...new Set(query.keys())]).toEqual(['alertName', 'panelTitle', 'expr', 'label']);
    expect(query.get('alertName')).toBe('CheckoutErrors');
    expect(query.get('panelTitle')).toBe('Checkout 5xx above 5%');
    expect(query.getAll('expr')).toEqual([ERRORS_EXPR]);
    expect(query.getAll('label')).toEqual(['service=checkout-api', 'route=a=b']);
  });
});
