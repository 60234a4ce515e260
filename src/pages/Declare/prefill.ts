import type { DeclareRequest } from '../../api/types';

/** What the panel-menu link (src/module.tsx) carries into the declare form. */
export interface DeclarePrefill {
  title: string;
  links?: DeclareRequest['links'];
  labels?: DeclareRequest['labels'];
  /** The dashboard view the incident was opened from, to link back to it. */
  sourceUrl?: string;
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

  const links = dashboardUid || panelId !== undefined ? { dashboardUid, panelId } : undefined;
  const labels: Record<string, string> = {};
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

  return { title: get('panelTitle') ?? '', links, labels: from || to ? labels : undefined, sourceUrl };
}
