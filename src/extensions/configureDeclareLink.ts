// What Grafana's registry asks of the "Declare incident" link each time it would show it.
// Imported by module.tsx, loaded on every Grafana page: keep it free of app code.
import type { PluginExtensionPanelContext } from '@grafana/data';

import { hasRole, roleFromBootData } from '../auth/bootRole';
import { alertDeclarePath, panelDeclarePath } from './declareLink';
import { panelExprs } from './panelQueries';

/**
 * The link's path for this context, or undefined (Grafana then leaves the link out) for users below
 * Editor: declaring needs Editor (POST /incidents), and a Viewer would land on "Access denied".
 */
export function configureDeclareLink(context?: PluginExtensionPanelContext | object): { path?: string } | undefined {
  if (!hasRole(roleFromBootData(), 'Editor')) {
    return undefined;
  }
  if (!context) {
    return {};
  }
  // Panel contexts are the only ones with a numeric panel id and a time range.
  const panel = context as PluginExtensionPanelContext;
  if (typeof panel.id === 'number' && panel.timeRange) {
    // Grafana hands the queries with `$service`, `$__rate_interval`… unreplaced: interpolate them
    // as the Prometheus data source would, or the catalog matches nothing.
    return { path: panelDeclarePath(panel, panelExprs(panel)) };
  }
  return { path: alertDeclarePath(context) };
}
