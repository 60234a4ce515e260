// Builds the declare page URL from the context Grafana hands a link at each
// extension point. Imported by module.tsx, which Grafana loads on every page:
// keep it tiny and free of app code.
import type { PluginExtensionPanelContext, RawTimeRange } from '@grafana/data';

// Must equal the path of ROUTES.Declare (src/constants.ts).
export const DECLARE_PATH = '/a/warroom-incident-app/declare';

// URLs have practical limits (proxies cut at ~8 KB): carry at most this much PromQL.
const MAX_EXPRS = 10;
const MAX_EXPR_LENGTH = 1500;
const MAX_LABELS = 20;

/** Grafana time range ends as URL values: relative ("now-1h") as is, absolute as epoch milliseconds. */
function timeParam(value: RawTimeRange['from']): string {
  return typeof value === 'string' ? value : String(value.valueOf());
}

type Dict = Record<string, unknown>;
const isDict = (v: unknown): v is Dict => typeof v === 'object' && v !== null;
const str = (v: unknown): string => (typeof v === 'string' ? v : '');
const strings = (v: unknown): Record<string, string> =>
  isDict(v) ? Object.fromEntries(Object.entries(v).filter((e): e is [string, string] => typeof e[1] === 'string')) : {};

function addExprs(q: URLSearchParams, exprs: string[]) {
  for (const e of exprs.filter((x) => x.trim() !== '').slice(0, MAX_EXPRS)) {
    q.append('expr', e.slice(0, MAX_EXPR_LENGTH));
  }
}

function addLabels(q: URLSearchParams, labels: Record<string, string>) {
  for (const [k, v] of Object.entries(labels).slice(0, MAX_LABELS)) {
    q.append('label', `${k}=${v}`);
  }
}

/**
 * Dashboard panel menu: the panel, its dashboard, time range and Prometheus queries. `exprs` are the
 * queries as Grafana would run them (panelQueries.ts: dashboard and interval variables replaced);
 * without them, the Prometheus-style targets as saved.
 */
export function panelDeclarePath(context: PluginExtensionPanelContext, exprs?: string[]): string {
  const q = new URLSearchParams({
    dashboardUid: context.dashboard?.uid ?? '',
    panelId: String(context.id),
    panelTitle: context.title ?? '',
    from: timeParam(context.timeRange.from),
    to: timeParam(context.timeRange.to),
  });
  // Only Prometheus-style queries carry PromQL in `expr`; other data sources' queries mean nothing to the back end.
  addExprs(
    q,
    exprs ??
      (context.targets ?? []).map((t) => {
        const target = t as unknown as Dict;
        const ds = isDict(target.datasource) ? str(target.datasource.type) : '';
        return ds === '' || ds === 'prometheus' ? str(target.expr) : '';
      })
  );
  return `${DECLARE_PATH}?${q}`;
}

/**
 * Alert instance actions. Grafana passes, depending on version,
 * `{ rule?: {name, query, labels, annotations, uid}, instance: {labels, annotations, activeAt, state, value} }`
 * (older versions pass the whole CombinedRule and Alert). A rule-shaped context
 * `{ name, expression, labels, annotations }` is read too, though Grafana only offers rule actions
 * of the plugin that owns the rule, which Warroom never does.
 */
export function alertDeclarePath(context: unknown): string {
  const c = isDict(context) ? context : {};
  const rule = isDict(c.rule) ? c.rule : c;
  const instance = isDict(c.instance) ? c.instance : undefined;
  const promRule = isDict(rule.promRule) ? rule.promRule : {};
  const labels = { ...strings(rule.labels), ...strings(instance?.labels) };
  const annotations = { ...strings(rule.annotations), ...strings(instance?.annotations) };
  const name = str(rule.name) || labels.alertname || '';

  const q = new URLSearchParams();
  q.set('alertName', name);
  q.set('panelTitle', annotations.summary || name);
  const ruleUid = str(rule.uid) || str(promRule.uid);
  if (ruleUid) {
    q.set('ruleUid', ruleUid);
  }
  const activeAt = Date.parse(str(instance?.activeAt));
  if (!Number.isNaN(activeAt) && activeAt > 0) {
    // From a little before the alert fired, so the onset is in the window.
    q.set('from', String(activeAt - 30 * 60 * 1000));
    q.set('to', 'now');
  }
  addExprs(q, [str(rule.query) || str(rule.expression)]);
  addLabels(q, labels);
  return `${DECLARE_PATH}?${q}`;
}
