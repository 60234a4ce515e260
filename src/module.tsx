// Grafana loads this entry on every page (the panel-menu link is registered at
// start-up), so it imports only what Grafana already provides (react, @grafana/*)
// plus types; the app's pages and config page are fetched the first time they render.
import React, { lazy, Suspense } from 'react';
import {
  AppPlugin,
  PluginExtensionPoints,
  type AppRootProps,
  type PluginExtensionPanelContext,
  type RawTimeRange,
} from '@grafana/data';
import { LoadingPlaceholder } from '@grafana/ui';

import type { AppJsonData } from './api/client';
import type { AppConfigProps } from './components/AppConfig/AppConfig';

const LazyApp = lazy(() => import('./components/App/App'));
const LazyAppConfig = lazy(() => import('./components/AppConfig/AppConfig'));

const App = (props: AppRootProps<AppJsonData>) => (
  <Suspense fallback={<LoadingPlaceholder text="Loading Warroom…" />}>
    <LazyApp {...props} />
  </Suspense>
);

const AppConfig = (props: AppConfigProps) => (
  <Suspense fallback={<LoadingPlaceholder text="Loading configuration…" />}>
    <LazyAppConfig {...props} />
  </Suspense>
);

// Must equal the path of ROUTES.Declare (src/constants.ts), spelled out to keep this entry free of app code.
const DECLARE_PATH = '/a/warroom-incident-app/declare';

/** Grafana time range ends as URL values: relative ("now-1h") as is, absolute as epoch milliseconds. */
function timeParam(value: RawTimeRange['from']): string {
  return typeof value === 'string' ? value : String(value.valueOf());
}

export const plugin = new AppPlugin<AppJsonData>()
  .setRootPage(App)
  .addConfigPage({
    title: 'Configuration',
    icon: 'cog',
    body: AppConfig,
    id: 'configuration',
  })
  // Title and targets must match `extensions.addedLinks` in plugin.json, or Grafana drops the link.
  .addLink<PluginExtensionPanelContext>({
    targets: [PluginExtensionPoints.DashboardPanelMenu],
    title: 'Declare incident',
    description: 'Open a Warroom incident pre-filled with this panel, its dashboard and time range',
    path: DECLARE_PATH,
    configure: (context) => {
      if (!context) {
        return {};
      }
      const query = new URLSearchParams({
        dashboardUid: context.dashboard?.uid ?? '',
        panelId: String(context.id),
        panelTitle: context.title ?? '',
        from: timeParam(context.timeRange.from),
        to: timeParam(context.timeRange.to),
      });
      return { path: `${DECLARE_PATH}?${query}` };
    },
  });
