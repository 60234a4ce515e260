// A one-panel dashboard at /d/testbed whose panel menu carries the links registered for
// `grafana/dashboard/panel/menu`, with the PluginExtensionPanelContext Grafana builds for a panel
// (public/app/features/dashboard-scene/scene/PanelMenuBehavior.tsx createExtensionContext):
// pluginId (panel type), id, title, timeRange (raw), timeZone, dashboard {uid, title, tags},
// targets as saved (variables unreplaced), scopedVars (only repeat variables: none here) and data
// (the query runner's last result, its request carrying interval and __interval scoped variables as
// SceneQueryRunner sets them). As in Grafana (panelMenuBehavior runs when the menu opens), the links
// are asked for when the menu opens, while the dashboard is active. Links are grouped like Grafana's
// "Extensions" sub menu (getExtensionMenuItems: by category, titles truncated to 25 characters).
//
// The dashboard has a custom variable `service` (checkout, cart; `?var-service=` selects, as
// Grafana's URL sync does), and the panel's query uses it and `$__rate_interval`. While the dashboard
// is open, getTemplateSrv() knows the variable (services/templateSrv.ts), as Grafana's does with a
// dashboard scene active.
import { css } from '@emotion/css';
import { useEffect, useMemo } from 'react';

import {
  DataQueryRequest,
  GrafanaTheme2,
  LoadingState,
  PluginExtensionLink,
  PluginExtensionPanelContext,
  PluginExtensionPoints,
  getDefaultTimeRange,
  rangeUtil,
} from '@grafana/data';
import { usePluginLinks } from '@grafana/runtime';
import { Dropdown, IconButton, LoadingPlaceholder, Menu, useStyles2 } from '@grafana/ui';

import { DashboardVariable, activateDashboard } from '../services/templateSrv';

export const DASHBOARD = { uid: 'testbed', title: 'Test bed: checkout service', tags: ['testbed', 'checkout'] };
export const PANEL = {
  id: 2,
  type: 'timeseries',
  title: 'Checkout API error rate',
  targets: [
    {
      refId: 'A',
      datasource: { type: 'prometheus', uid: 'prometheus' },
      expr: 'rate(http_requests_total{service="$service"}[$__rate_interval])',
    },
  ],
};
const SERVICES = ['checkout', 'cart'];
/** The panel's width in data points, as the query runner asks for (maxDataPoints). */
const MAX_DATA_POINTS = 640;

function serviceVariable(): DashboardVariable {
  const selected = new URLSearchParams(window.location.search).get('var-service');
  return {
    name: 'service',
    label: 'Service',
    options: SERVICES,
    current: [selected && SERVICES.includes(selected) ? selected : SERVICES[0]],
    multi: false,
    includeAll: false,
  };
}

const truncate = (title: string, length: number) => (title.length > length ? `${title.substring(0, length - 1)}...` : title);

function ExtensionItems({ links }: { links: PluginExtensionLink[] }) {
  const groups = new Map<string, PluginExtensionLink[]>();
  for (const link of links) {
    groups.set(link.category ?? '', [...(groups.get(link.category ?? '') ?? []), link]);
  }
  return (
    <>
      {[...groups.entries()].map(([category, items]) => (
        <Menu.Group key={category} label={category ? truncate(category, 25) : 'Extensions'}>
          {items.map((link) => (
            <Menu.Item key={link.id} label={truncate(link.title, 25)} url={link.path} onClick={link.onClick} />
          ))}
        </Menu.Group>
      ))}
    </>
  );
}

/** The menu's items, built when it opens (Grafana's panelMenuBehavior runs on menu activation). */
function PanelMenu({ context }: { context: PluginExtensionPanelContext }) {
  const { links, isLoading } = usePluginLinks({
    extensionPointId: PluginExtensionPoints.DashboardPanelMenu,
    context,
    limitPerPlugin: 3,
  });
  return (
    <Menu>
      <Menu.Item label="View" icon="eye" disabled />
      <Menu.Item label="Inspect" icon="info-circle" disabled />
      {isLoading && <LoadingPlaceholder text="Loading extensions…" />}
      {links.length > 0 && <Menu.Divider />}
      <ExtensionItems links={links} />
    </Menu>
  );
}

export function Dashboard() {
  const styles = useStyles2(getStyles);
  const variable = useMemo(serviceVariable, []);
  // The dashboard scene is active while the page is shown: its variables are the template service's.
  useEffect(() => activateDashboard([variable]), [variable]);

  const context = useMemo<PluginExtensionPanelContext>(() => {
    const timeRange = getDefaultTimeRange();
    const { interval, intervalMs } = rangeUtil.calculateInterval(timeRange, MAX_DATA_POINTS, '15s');
    const request = {
      app: 'dashboard',
      requestId: 'SQR100',
      dashboardUID: DASHBOARD.uid,
      panelId: PANEL.id,
      range: timeRange,
      interval,
      intervalMs,
      maxDataPoints: MAX_DATA_POINTS,
      targets: PANEL.targets,
      timezone: 'browser',
      scopedVars: {
        __interval: { text: interval, value: interval },
        __interval_ms: { text: String(intervalMs), value: intervalMs },
      },
      startTime: Date.now(),
    } as unknown as DataQueryRequest;
    return {
      pluginId: PANEL.type,
      id: PANEL.id,
      title: PANEL.title,
      timeRange: timeRange.raw,
      timeZone: 'browser',
      dashboard: DASHBOARD,
      targets: PANEL.targets,
      scopedVars: {},
      data: { state: LoadingState.Done, series: [], timeRange, request },
    };
  }, []);

  return (
    <div className={styles.page}>
      <h1>{DASHBOARD.title}</h1>
      <p className={styles.vars} data-testid="variables">
        {variable.label} = {variable.current.join(', ')}
      </p>
      <section className={styles.panel} aria-label={`Panel: ${PANEL.title}`} data-testid="panel">
        <header className={styles.header}>
          <h2 className={styles.title}>{PANEL.title}</h2>
          <Dropdown overlay={() => <PanelMenu context={context} />} placement="bottom-end">
            <IconButton name="ellipsis-v" aria-label={`Menu for panel with title ${PANEL.title}`} />
          </Dropdown>
        </header>
        <div className={styles.body}>{PANEL.targets[0].expr}</div>
      </section>
    </div>
  );
}

const getStyles = (theme: GrafanaTheme2) => ({
  page: css({ padding: theme.spacing(2, 3) }),
  vars: css({ color: theme.colors.text.secondary }),
  panel: css({ border: `1px solid ${theme.colors.border.weak}`, background: theme.colors.background.primary, maxWidth: 640 }),
  header: css({ display: 'flex', justifyContent: 'space-between', alignItems: 'center', padding: theme.spacing(0.5, 1) }),
  title: css({ fontSize: theme.typography.h5.fontSize, margin: 0 }),
  body: css({ padding: theme.spacing(2), fontFamily: theme.typography.fontFamilyMonospace, color: theme.colors.text.secondary }),
});
