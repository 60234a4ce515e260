import { type ExploreUrlState, urlUtil } from '@grafana/data';

interface ExploreTarget {
  /** The Prometheus data source's uid in Grafana. */
  datasourceUid: string;
  expr: string;
  /** RFC 3339 times: the graph's window. */
  from: string;
  to: string;
}

/**
 * Grafana's Explore URL (schema 1: panes keyed by an id) with one PromQL query
 * over the given window, relative to Grafana's root (the caller adds appSubUrl).
 */
export function exploreUrl({ datasourceUid, expr, from, to }: ExploreTarget): string {
  const datasource = { type: 'prometheus', uid: datasourceUid };
  const pane: ExploreUrlState = {
    datasource: datasourceUid,
    queries: [{ refId: 'A', datasource, expr } as ExploreUrlState['queries'][number]],
    range: { from: String(Date.parse(from)), to: String(Date.parse(to)) },
  };
  return urlUtil.renderUrl('/explore', { schemaVersion: 1, panes: JSON.stringify({ incident: pane }) });
}
