// A dashboard at /d/warroom-timers with one panel of the app's nested `warroom-timers-panel`,
// loaded from bootData's settings.panels like any panel plugin (PluginPanel). Its saved options
// name the services through the dashboard variable `service`, whose values come from the URL as in
// Grafana (?var-service=a&var-service=b; a multi-value custom variable), default checkout-api.
import { css } from '@emotion/css';

import { GrafanaTheme2, getDefaultTimeRange } from '@grafana/data';
import { useStyles2 } from '@grafana/ui';

import { PluginPanel, SavedPanel } from './PluginPanel';

const PANEL: SavedPanel = {
  id: 1,
  type: 'warroom-timers-panel',
  title: 'Incident timers',
  options: { services: '$service', maxRows: 10 },
};

function variablesFromURL(): Record<string, string[]> {
  const values = new URLSearchParams(window.location.search).getAll('var-service');
  return { service: values.length > 0 ? values : ['checkout-api'] };
}

export function TimersDashboard() {
  const s = useStyles2(getStyles);
  const variables = variablesFromURL();
  const timeRange = getDefaultTimeRange();
  return (
    <div className={s.page}>
      <h1>Warroom timers</h1>
      <p className={s.vars}>service = {variables.service.join(', ')}</p>
      <PluginPanel panel={PANEL} variables={variables} timeRange={timeRange} width={720} height={420} />
    </div>
  );
}

const getStyles = (theme: GrafanaTheme2) => ({
  page: css({ padding: theme.spacing(2, 3) }),
  vars: css({ color: theme.colors.text.secondary }),
});
