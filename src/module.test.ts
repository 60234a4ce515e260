import { dateTime, type PluginExtensionPanelContext } from '@grafana/data';

import { plugin } from './module';
import pluginJson from './plugin.json';

const panel = {
  pluginId: 'timeseries',
  id: 12,
  title: 'Checkout 5xx & latency',
  timeRange: { from: 'now-6h', to: 'now' },
  timeZone: 'browser',
  dashboard: { uid: 'ops-main', title: 'Ops', tags: [] },
  targets: [],
} as PluginExtensionPanelContext;

describe('"Declare incident" in the dashboard panel menu', () => {
  const [link] = plugin.addedLinkConfigs;

  it('is declared in plugin.json with the same title and target, as Grafana requires', () => {
    expect(plugin.addedLinkConfigs).toHaveLength(1);
    expect(pluginJson.extensions.addedLinks).toEqual([
      expect.objectContaining({ title: link.title, targets: link.targets }),
    ]);
    expect(link.targets).toEqual(['grafana/dashboard/panel/menu']);
  });

  it('opens the declare page with the panel, dashboard and time range', () => {
    const { path } = link.configure!(panel) ?? {};
    const url = new URL(path!, 'http://grafana.local');
    expect(url.pathname).toBe('/a/warroom-incident-app/declare');
    expect(Object.fromEntries(url.searchParams)).toEqual({
      dashboardUid: 'ops-main',
      panelId: '12',
      panelTitle: 'Checkout 5xx & latency',
      from: 'now-6h',
      to: 'now',
    });
  });

  it('passes absolute time ranges as epoch milliseconds', () => {
    const from = dateTime('2026-11-29T08:00:00Z');
    const to = dateTime('2026-11-29T09:00:00Z');
    const { path } = link.configure!({ ...panel, timeRange: { from, to } }) ?? {};
    const query = new URL(path!, 'http://grafana.local').searchParams;
    expect(query.get('from')).toBe(String(from.valueOf()));
    expect(query.get('to')).toBe(String(to.valueOf()));
  });
});
