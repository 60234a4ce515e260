// The PromQL of a dashboard panel as Grafana's own query path would send it to Prometheus.
//
// Grafana hands the panel-menu link the panel's queries as saved: `$service`, `$__rate_interval`
// unreplaced (dashboard-scene/scene/PanelMenuBehavior.tsx createExtensionContext: `targets` are the
// query runner's queries, `scopedVars` only the repeat variables of the panel or its row). Matching
// `service="$service"` against the catalog finds nothing, so the link interpolates first, as the
// Prometheus data source does when it runs the query (@grafana/prometheus datasource.ts
// applyTemplateVariables: `templateSrv.replace(expr, scopedVars, interpolateQueryExpr)`):
// - dashboard variables through getTemplateSrv().replace, which knows the active dashboard's
//   variables (features/templating/template_srv.ts: with a scene active it interpolates through
//   sceneGraph.interpolate of the dashboard);
// - the built-in interval variables are not dashboard variables: the query runner and the data source
//   add them to scopedVars per request. They are taken from the panel's last request when Grafana
//   passed its data (SceneQueryRunner: request.scopedVars has __interval and __interval_ms), else
//   computed from the panel's time range like the runner does (rangeUtil.calculateInterval with the
//   data source's scrape interval as the lower limit), and `$__rate_interval` / `$__range*` as the
//   Prometheus data source computes them (getRateIntervalScopedVariable, getRangeScopedVars).
//
// Imported by module.tsx, which Grafana loads on every page: only @grafana/* (provided by Grafana).
import { type PluginExtensionPanelContext, rangeUtil, type ScopedVars, type TimeRange } from '@grafana/data';
import { getDataSourceSrv, getTemplateSrv, type TemplateSrv } from '@grafana/runtime';
import type { DataQuery } from '@grafana/schema';

/** Prometheus' default scrape interval, the data source's `timeInterval` when unset. */
const DEFAULT_SCRAPE_INTERVAL = '15s';
/** Data points a panel asks for when its request is not known (Grafana uses the panel's width). */
const DEFAULT_MAX_DATA_POINTS = 1000;

type Dict = Record<string, unknown>;
const isDict = (v: unknown): v is Dict => typeof v === 'object' && v !== null;

/** A PromQL duration: whole seconds as `60s`, anything else in milliseconds. */
function duration(ms: number): string {
  const rounded = Math.max(1, Math.round(ms));
  return rounded % 1000 === 0 ? `${rounded / 1000}s` : `${rounded}ms`;
}

const scoped = (value: string | number) => ({ text: String(value), value });

// @grafana/prometheus escaping.ts: a single-value variable is escaped for a label value, a multi-value
// or include-all one for a regex, several values as an alternation.
function prometheusRegularEscape(value: string): string {
  return value.replace(/\\/g, '\\\\').replace(/'/g, "\\\\'");
}
function prometheusSpecialRegexEscape(value: string): string {
  return value.replace(/\\/g, '\\\\\\\\').replace(/[$^*{}\[\]\'+?.()|]/g, '\\\\$&');
}

/** The Prometheus data source's `interpolateQueryExpr`, the format it passes to templateSrv.replace. */
export function interpolateQueryExpr(
  value: unknown = [],
  variable?: { multi?: boolean; includeAll?: boolean }
): string {
  if (!variable?.multi && !variable?.includeAll) {
    return typeof value === 'string' ? prometheusRegularEscape(value) : String(value);
  }
  if (typeof value === 'string') {
    return prometheusSpecialRegexEscape(value);
  }
  const escaped = (Array.isArray(value) ? value : [value]).map((v) => prometheusSpecialRegexEscape(String(v)));
  return escaped.length === 1 ? escaped[0] : `(${escaped.join('|')})`;
}

function scrapeIntervalOf(target: DataQuery): string {
  try {
    const settings = getDataSourceSrv().getInstanceSettings(target.datasource ?? null);
    const timeInterval = isDict(settings?.jsonData) ? settings.jsonData.timeInterval : undefined;
    if (typeof timeInterval === 'string' && rangeUtil.isValidTimeSpan(timeInterval)) {
      return timeInterval;
    }
  } catch {
    // No data source service or an unknown data source: Prometheus' default.
  }
  return DEFAULT_SCRAPE_INTERVAL;
}

function panelRange(context: PluginExtensionPanelContext): TimeRange | undefined {
  const request = context.data?.request;
  if (request?.range) {
    return request.range;
  }
  if (context.data?.timeRange) {
    return context.data.timeRange;
  }
  try {
    return rangeUtil.convertRawToRange(context.timeRange, context.timeZone);
  } catch {
    return undefined;
  }
}

/**
 * The scoped variables Grafana's query path has for one of the panel's queries: the built-in
 * interval and range variables, then the request's own, then the panel's repeat variables.
 */
export function queryScopedVars(context: PluginExtensionPanelContext, target: DataQuery): ScopedVars {
  const request = context.data?.request;
  const scrapeMs = rangeUtil.intervalToMs(scrapeIntervalOf(target));
  const range = panelRange(context);

  let intervalMs = typeof request?.intervalMs === 'number' && request.intervalMs > 0 ? request.intervalMs : 0;
  let interval = intervalMs > 0 && request?.interval ? request.interval : '';
  if (!intervalMs && range) {
    const calculated = rangeUtil.calculateInterval(
      range,
      request?.maxDataPoints ?? DEFAULT_MAX_DATA_POINTS,
      duration(scrapeMs)
    );
    interval = calculated.interval;
    intervalMs = calculated.intervalMs;
  }
  if (!intervalMs) {
    intervalMs = scrapeMs;
    interval = duration(scrapeMs);
  }

  const vars: ScopedVars = {
    __interval: scoped(interval),
    __interval_ms: scoped(intervalMs),
  };
  // The Prometheus data source: max(interval + scrape interval, 4 × scrape interval).
  const rateMs = Math.max(Math.max(intervalMs, scrapeMs) + scrapeMs, 4 * scrapeMs);
  vars.__rate_interval = scoped(duration(rateMs));
  vars.__rate_interval_ms = scoped(rateMs);
  if (range) {
    const rangeMs = range.to.valueOf() - range.from.valueOf();
    const rangeS = Math.round(rangeMs / 1000);
    vars.__range_ms = scoped(rangeMs);
    vars.__range_s = scoped(rangeS);
    vars.__range = scoped(`${rangeS}s`);
  }
  // What the query runner put on the panel's last request (__interval of the run), but not its
  // scene object: the link's context is a read-only proxy, and the active dashboard answers the same.
  for (const [name, v] of Object.entries(request?.scopedVars ?? {})) {
    if (name !== '__sceneObject' && v && (typeof v.value === 'string' || typeof v.value === 'number')) {
      vars[name] = { text: String(v.text ?? v.value), value: v.value };
    }
  }
  for (const [name, v] of Object.entries(context.scopedVars ?? {})) {
    if (v) {
      vars[name] = { text: v.text, value: v.value };
    }
  }
  return vars;
}

/** The panel's Prometheus-style queries (typed prometheus or untyped), interpolated; others dropped. */
export function panelExprs(
  context: PluginExtensionPanelContext,
  templateSrv: TemplateSrv = getTemplateSrv()
): string[] {
  const out: string[] = [];
  for (const t of context.targets ?? []) {
    const target = t as DataQuery & { expr?: unknown };
    const ds = isDict(target.datasource) ? target.datasource.type : undefined;
    if ((ds !== undefined && ds !== 'prometheus') || typeof target.expr !== 'string' || target.expr.trim() === '') {
      continue;
    }
    let scopedVars: ScopedVars = { ...context.scopedVars };
    try {
      scopedVars = queryScopedVars(context, target);
    } catch {
      // An unreadable time range or request: the dashboard's variables are still worth replacing.
    }
    let expr = target.expr;
    try {
      expr = templateSrv.replace(expr, scopedVars, interpolateQueryExpr);
    } catch {
      // A template service that fails must not hide the link: the query as saved still names metrics.
    }
    out.push(expr);
  }
  return out;
}
