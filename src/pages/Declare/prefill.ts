import type { DeclareRequest } from '../../api/types';

/** What the panel-menu link (src/module.tsx) carries into the declare form. */
export interface DeclarePrefill {
  title: string;
  links?: DeclareRequest['links'];
  labels?: DeclareRequest['labels'];
  /** The dashboard view the incident was opened from, to link back to it. */
  sourceUrl?: string;
  /** The panel's or alert rule's PromQL, to find catalogued services. */
  exprs: string[];
  /** The alert's labels (service, job, severity…). */
  alertLabels: Record<string, string>;
  /** The time range the suggestion is evaluated over (Grafana text or epoch ms). */
  from?: string;
  to?: string;
  /** Where the incident was opened from, in words. */
  origin?: 'panel' | 'alert';
}

/**
 * Reads `panelTitle`, `dashboardUid`, `panelId`, `from` and `to` from the
 * declare page's query string. The panel's title becomes the incident title;
 * dashboard and panel become links; the time range is kept as labels.
 */
export function prefillFromQuery(query: URLSearchParams): DeclarePrefill {
  const get = (key: string) => query.get(key)?.trim() || undefined;
  const dashboardUid = get('dashboardUid');
  const panelIdText = get('panelId');
  const panelId = panelIdText && /^\d+$/.test(panelIdText) ? Number(panelIdText) : undefined;
  const from = get('from');
  const to = get('to');

  const ruleUid = get('ruleUid');
  const alertName = get('alertName');
  const links =
    dashboardUid || panelId !== undefined || ruleUid ? { dashboardUid, panelId, alertRuleUid: ruleUid } : undefined;
  const alertLabels: Record<string, string> = {};
  for (const pair of query.getAll('label')) {
    const at = pair.indexOf('=');
    if (at > 0) {
      alertLabels[pair.slice(0, at)] = pair.slice(at + 1);
    }
  }
  const labels: Record<string, string> = {};
  if (alertName) {
    labels.alertname = alertName;
  }
  if (from) {
    labels.from = from;
  }
  if (to) {
    labels.to = to;
  }

  let sourceUrl: string | undefined;
  if (dashboardUid) {
    const view = new URLSearchParams();
    if (panelId !== undefined) {
      view.set('viewPanel', String(panelId));
    }
    if (from && to) {
      view.set('from', from);
      view.set('to', to);
    }
    const qs = view.toString();
    sourceUrl = `/d/${encodeURIComponent(dashboardUid)}${qs ? `?${qs}` : ''}`;
  }

  return {
    title: get('panelTitle') ?? '',
    links,
    labels: Object.keys(labels).length > 0 ? labels : undefined,
    sourceUrl,
    exprs: query.getAll('expr').filter((e) => e.trim() !== ''),
    alertLabels,
    from,
    to,
    origin: alertName || ruleUid ? 'alert' : dashboardUid ? 'panel' : undefined,
  };
}
