import {
  dateTime,
  type DataQueryRequest,
  LoadingState,
  type PluginExtensionPanelContext,
  type ScopedVars,
} from '@grafana/data';
import { setDataSourceSrv, type DataSourceSrv, type TemplateSrv } from '@grafana/runtime';

import { interpolateQueryExpr, panelExprs } from './panelQueries';

/**
 * A template service that replaces like Grafana's (features/templating/template_srv.ts and scenes'
 * sceneGraph.interpolate): `$x`, `${x}`, `${x:fmt}`, `[[x]]`; scoped variables first, then the
 * dashboard's; a format function gets the value and the variable; unknown names stay as written.
 */
function templateSrv(variables: Record<string, { value: string | string[]; multi?: boolean; includeAll?: boolean }>) {
  const regex = /\$(\w+)|\[\[(\w+?)(?::(\w+))?\]\]|\${(\w+)(?::([^}]+))?}/g;
  return {
    getVariables: () => [],
    containsTemplate: () => true,
    updateTimeRange() {},
    replace(target?: string, scopedVars?: ScopedVars, format?: string | Function) {
      return (target ?? '').replace(regex, (match, plain, bracket, _bf, braced, bracedFmt) => {
        const name = plain ?? bracket ?? braced;
        const scoped = scopedVars?.[name];
        const variable = variables[name];
        const value = scoped ? scoped.value : variable?.value;
        if (value === undefined) {
          return match;
        }
        if (typeof format === 'function' && !bracedFmt) {
          return format(value, { name, multi: variable?.multi ?? false, includeAll: variable?.includeAll ?? false });
        }
        return Array.isArray(value) ? `{${value.join(',')}}` : String(value);
      });
    },
  } as unknown as TemplateSrv;
}

const RAW = 'rate(http_requests_total{service="$service"}[$__rate_interval])';
const HOUR = { from: 'now-1h', to: 'now' };

function panel(targets: unknown[], extra: Partial<PluginExtensionPanelContext> = {}): PluginExtensionPanelContext {
  return {
    pluginId: 'timeseries',
    id: 2,
    title: 'Checkout',
    timeRange: HOUR,
    timeZone: 'utc',
    dashboard: { uid: 'testbed', title: 'Test bed', tags: [] },
    targets: targets as PluginExtensionPanelContext['targets'],
    scopedVars: {},
    ...extra,
  };
}

const prom = (expr: string, uid = 'prometheus') => ({ refId: 'A', datasource: { type: 'prometheus', uid }, expr });

afterEach(() => setDataSourceSrv(undefined as unknown as DataSourceSrv));

describe('panelExprs: the panel queries as the Prometheus data source would run them', () => {
  const checkout = templateSrv({ service: { value: 'checkout' } });

  it('replaces dashboard variables and $__rate_interval (from the time range when the panel has not run)', () => {
    // One hour over 1000 points is under the 15 s scrape interval: interval 15 s, rate interval
    // max(15 s + 15 s, 4 × 15 s) = 60 s, as Prometheus' data source computes it.
    expect(panelExprs(panel([prom(RAW)]), checkout)).toEqual(['rate(http_requests_total{service="checkout"}[60s])']);
  });

  it('takes the interval of the panel’s last request and computes $__range from its range', () => {
    const range = { from: dateTime('2026-12-05T00:00:00Z'), to: dateTime('2026-12-05T06:00:00Z'), raw: HOUR };
    const request = {
      interval: '1m',
      intervalMs: 60_000,
      range,
      scopedVars: { __interval: { text: '1m', value: '1m' }, __interval_ms: { text: '60000', value: 60000 } },
    } as unknown as DataQueryRequest;
    const context = panel(
      [
        prom(
          'increase(errors_total{service="$service"}[$__range]) / $__interval_ms + rate(x[$__interval]) + rate(y[$__rate_interval])'
        ),
      ],
      { data: { state: LoadingState.Done, series: [], timeRange: range, request } }
    );
    expect(panelExprs(context, checkout)).toEqual([
      'increase(errors_total{service="checkout"}[21600s]) / 60000 + rate(x[1m]) + rate(y[75s])',
    ]);
  });

  it('uses the data source’s scrape interval (jsonData.timeInterval) for $__rate_interval', () => {
    setDataSourceSrv({
      getInstanceSettings: (ref: { uid?: string }) =>
        ref?.uid === 'slow' ? { jsonData: { timeInterval: '30s' } } : undefined,
    } as unknown as DataSourceSrv);
    expect(panelExprs(panel([prom(RAW, 'slow'), prom(RAW)]), checkout)).toEqual([
      'rate(http_requests_total{service="checkout"}[120s])',
      'rate(http_requests_total{service="checkout"}[60s])',
    ]);
  });

  it('formats multi-value and All variables as the Prometheus data source does: a regex alternation', () => {
    const srv = templateSrv({
      service: { value: ['checkout', 'cart'], multi: true },
      env: { value: 'prod.eu', includeAll: true },
      one: { value: ['a.b'], multi: true },
    });
    const expr = 'up{service=~"$service", env=~"$env", one=~"$one"}';
    expect(panelExprs(panel([prom(expr)]), srv)).toEqual([
      'up{service=~"(checkout|cart)", env=~"prod\\\\.eu", one=~"a\\\\.b"}',
    ]);
  });

  it('lets the panel’s repeat variables win over the dashboard’s', () => {
    const context = panel([prom(RAW)], { scopedVars: { service: { text: 'cart', value: 'cart' } } });
    expect(panelExprs(context, checkout)).toEqual(['rate(http_requests_total{service="cart"}[60s])']);
  });

  it('keeps unknown variables as written, and every syntax of a known one', () => {
    const expr = 'up{a="${service}", b="[[service]]", c="$nope"}';
    expect(panelExprs(panel([prom(expr)]), checkout)).toEqual(['up{a="checkout", b="checkout", c="$nope"}']);
  });

  it('drops other data sources’ and empty queries, keeps untyped ones', () => {
    const targets = [
      { refId: 'A', datasource: { type: 'loki', uid: 'logs' }, expr: '{service="$service"}' },
      { refId: 'B', expr: 'up{service="$service"}' },
      { refId: 'C', datasource: { type: 'prometheus' }, expr: '  ' },
      { refId: 'D', datasource: { type: 'testdata' }, scenarioId: 'random_walk' },
    ];
    expect(panelExprs(panel(targets), checkout)).toEqual(['up{service="checkout"}']);
  });

  it('still replaces dashboard variables when the panel’s time range cannot be read', () => {
    const broken = panel([prom('up{service="$service"}')], {
      timeRange: { from: 'not a time', to: 'now' },
      data: {
        state: LoadingState.Done,
        series: [],
        timeRange: undefined,
        request: {
          get range(): never {
            throw new TypeError('this is not a Date object.');
          },
        },
      } as unknown as PluginExtensionPanelContext['data'],
    });
    expect(panelExprs(broken, checkout)).toEqual(['up{service="checkout"}']);
  });

  it('keeps the query as saved when the template service fails', () => {
    const broken = {
      replace: () => {
        throw new Error('no scene');
      },
    } as unknown as TemplateSrv;
    expect(panelExprs(panel([prom(RAW)]), broken)).toEqual([RAW]);
  });
});

describe('interpolateQueryExpr', () => {
  it('escapes a single value for a label value and several for a regex', () => {
    expect(interpolateQueryExpr("it's", { multi: false })).toBe("it\\\\'s");
    expect(interpolateQueryExpr('a|b', { multi: true })).toBe('a\\\\|b');
    expect(interpolateQueryExpr(['a', 'b+'], { multi: true })).toBe('(a|b\\\\+)');
    expect(interpolateQueryExpr('60s')).toBe('60s');
  });
});
