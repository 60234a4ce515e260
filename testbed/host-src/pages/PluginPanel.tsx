// Renders one dashboard panel of a plugin type the way Grafana's panel chrome does for a panel
// plugin (public/app/features/dashboard/dashgrid/PanelStateWrapper.tsx, and VizPanel in
// @grafana/scenes for dashboard scenes): the plugin is imported through importPanelPlugin, its
// options are the saved options over the defaults of its options builder (getPanelOptionsWithDefaults),
// and the component gets PanelProps: id, data (a query-less panel gets an empty Done result),
// timeRange, timeZone, options, fieldConfig, transparent, width/height of the content box, title,
// eventBus, renderCounter, onOptionsChange/onFieldConfigChange/onChangeTimeRange and replaceVariables
// (the dashboard's variables, then the panel's scopedVars). The plugin renders inside
// PluginContextProvider with its meta and an error boundary, as Grafana wraps panels.
import { css } from '@emotion/css';
import { ReactNode, useEffect, useMemo, useState } from 'react';

import {
  EventBusSrv,
  GrafanaTheme2,
  LoadingState,
  PanelPlugin,
  PluginContextProvider,
  TimeRange,
} from '@grafana/data';
import { Alert, ErrorBoundaryAlert, useStyles2 } from '@grafana/ui';

import { importPanelPlugin } from '../plugins/importPanelPlugin';
import { Variables, interpolate } from '../plugins/interpolate';

export interface SavedPanel {
  id: number;
  type: string;
  title: string;
  options: Record<string, unknown>;
}

interface Props {
  panel: SavedPanel;
  variables: Variables;
  timeRange: TimeRange;
  width: number;
  height: number;
}

const HEADER_HEIGHT = 32;
const PADDING = 8;

/**
 * The saved options over the plugin's defaults (PanelPlugin.defaults walks its options builder), as
 * getPanelOptionsWithDefaults does (public/app/features/dashboard/state/getPanelOptionsWithDefaults.ts).
 */
function optionsWithDefaults(plugin: PanelPlugin, saved: Record<string, unknown>): Record<string, unknown> {
  return { ...(plugin.defaults as Record<string, unknown>), ...saved };
}

export function PluginPanel({ panel, variables, timeRange, width, height }: Props) {
  const s = useStyles2(getStyles);
  const [plugin, setPlugin] = useState<PanelPlugin>();
  const [error, setError] = useState<string>();
  const eventBus = useMemo(() => new EventBusSrv(), []);

  useEffect(() => {
    let current = true;
    Promise.resolve()
      .then(() => importPanelPlugin(panel.type))
      .then(
        (p) => current && setPlugin(p),
        (e: unknown) => current && setError(e instanceof Error ? e.message : String(e))
      );
    return () => {
      current = false;
    };
  }, [panel.type]);

  const inner = { width: width - 2 * PADDING, height: height - HEADER_HEIGHT - 2 * PADDING };
  let body: ReactNode;
  if (error) {
    body = <Alert severity="error" title={`Panel plugin not found: ${panel.type}`}>{error}</Alert>;
  } else if (!plugin?.panel) {
    body = <div>Loading plugin panel…</div>;
  } else {
    const Panel = plugin.panel;
    body = (
      <PluginContextProvider meta={plugin.meta}>
        <ErrorBoundaryAlert dependencies={[plugin, panel]}>
          <Panel
            id={panel.id}
            data={{ state: LoadingState.Done, series: [], timeRange }}
            timeRange={timeRange}
            timeZone="browser"
            options={optionsWithDefaults(plugin, panel.options)}
            fieldConfig={plugin.fieldConfigDefaults}
            transparent={false}
            width={inner.width}
            height={inner.height}
            renderCounter={0}
            title={panel.title}
            eventBus={eventBus}
            onOptionsChange={() => {}}
            onFieldConfigChange={() => {}}
            onChangeTimeRange={() => {}}
            replaceVariables={(value, scopedVars, format) => interpolate(variables, value, scopedVars, format)}
          />
        </ErrorBoundaryAlert>
      </PluginContextProvider>
    );
  }
  return (
    <section className={s.panel} style={{ width, height }} aria-label={`Panel: ${panel.title}`} data-testid="panel">
      <header className={s.header}>
        <h2 className={s.title}>{panel.title}</h2>
      </header>
      <div className={s.body}>{body}</div>
    </section>
  );
}

const getStyles = (theme: GrafanaTheme2) => ({
  panel: css({ border: `1px solid ${theme.colors.border.weak}`, background: theme.colors.background.primary }),
  header: css({ height: HEADER_HEIGHT, display: 'flex', alignItems: 'center', padding: theme.spacing(0, 1) }),
  title: css({ fontSize: theme.typography.h5.fontSize, margin: 0 }),
  body: css({ padding: PADDING }),
});
