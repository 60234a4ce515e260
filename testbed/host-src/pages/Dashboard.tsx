// A one-panel dashboard at /d/testbed whose panel menu carries the links registered for
// `grafana/dashboard/panel/menu`, with the PluginExtensionPanelContext Grafana builds for a panel
// (public/app/features/dashboard-scene/scene/PanelMenuBehavior.tsx createExtensionContext):
// pluginId (panel type), id, title, timeRange (raw), timeZone, dashboard {uid, title, tags},
// targets, scopedVars and data (the last query result). Links are grouped like Grafana's
// "Extensions" sub menu (getExtensionMenuItems: by category, titles truncated to 25 characters).
import { css } from '@emotion/css';
import { useMemo } from 'react';

import {
  GrafanaTheme2,
  LoadingState,
  PluginExtensionLink,
  PluginExtensionPanelContext,
  PluginExtensionPoints,
  getDefaultTimeRange,
} from '@grafana/data';
import { usePluginLinks } from '@grafana/runtime';
import { Dropdown, IconButton, Menu, useStyles2 } from '@grafana/ui';

export const DASHBOARD = { uid: 'testbed', title: 'Test bed: checkout service', tags: ['testbed', 'checkout'] };
export const PANEL = {
  id: 2,
  type: 'timeseries',
  title: 'Checkout API error rate',
  targets: [
    {
      refId: 'A',
      datasource: { type: 'prometheus', uid: 'prometheus' },
      expr: 'sum(rate(http_requests_total{service="checkout",status=~"5.."}[5m])) / sum(rate(http_requests_total{service="checkout"}[5m]))',
    },
  ],
};

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

export function Dashboard() {
  const styles = useStyles2(getStyles);
  const context = useMemo<PluginExtensionPanelContext>(() => {
    const timeRange = getDefaultTimeRange();
    return {
      pluginId: PANEL.type,
      id: PANEL.id,
      title: PANEL.title,
      timeRange: timeRange.raw,
      timeZone: 'browser',
      dashboard: DASHBOARD,
      targets: PANEL.targets,
      scopedVars: {},
      data: { state: LoadingState.Done, series: [], timeRange },
    };
  }, []);
  const { links, isLoading } = usePluginLinks({ extensionPointId: PluginExtensionPoints.DashboardPanelMenu, context });

  const menu = (
    <Menu>
      <Menu.Item label="View" icon="eye" disabled />
      <Menu.Item label="Inspect" icon="info-circle" disabled />
      {links.length > 0 && <Menu.Divider />}
      <ExtensionItems links={links} />
    </Menu>
  );

  return (
    <div className={styles.page}>
      <h1>{DASHBOARD.title}</h1>
      <section className={styles.panel} aria-label={`Panel: ${PANEL.title}`} data-testid="panel">
        <header className={styles.header}>
          <h2 className={styles.title}>{PANEL.title}</h2>
          {!isLoading && (
            <Dropdown overlay={menu} placement="bottom-end">
              <IconButton name="ellipsis-v" aria-label={`Menu for panel with title ${PANEL.title}`} />
            </Dropdown>
          )}
        </header>
        <div className={styles.body}>{PANEL.targets[0].expr}</div>
      </section>
    </div>
  );
}

const getStyles = (theme: GrafanaTheme2) => ({
  page: css({ padding: theme.spacing(2, 3) }),
  panel: css({ border: `1px solid ${theme.colors.border.weak}`, background: theme.colors.background.primary, maxWidth: 640 }),
  header: css({ display: 'flex', justifyContent: 'space-between', alignItems: 'center', padding: theme.spacing(0.5, 1) }),
  title: css({ fontSize: theme.typography.h5.fontSize, margin: 0 }),
  body: css({ padding: theme.spacing(2), fontFamily: theme.typography.fontFamilyMonospace, color: theme.colors.text.secondary }),
});
