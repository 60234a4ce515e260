// Grafana loads this entry on every page (the panel-menu link is registered at
// start-up), so it imports only what Grafana already provides (react, @grafana/*)
// plus types; the app's pages and config page are fetched the first time they render.
import React, { lazy, Suspense } from 'react';
import { AppPlugin, PluginExtensionPoints, type AppRootProps, type PluginExtensionPanelContext } from '@grafana/data';
import { LoadingPlaceholder } from '@grafana/ui';

import type { AppJsonData } from './api/client';
import type { AppConfigProps } from './components/AppConfig/AppConfig';
import { configureDeclareLink } from './extensions/configureDeclareLink';
import { DECLARE_PATH } from './extensions/declareLink';

const LazyApp = lazy(() => import('./components/App/App'));
const LazyAppConfig = lazy(() => import('./components/AppConfigRoot'));

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

export const plugin = new AppPlugin<AppJsonData>()
  .setRootPage(App)
  .addConfigPage({
    title: 'Configuration',
    icon: 'cog',
    body: AppConfig,
    id: 'configuration',
  })
  // Title and targets must match `extensions.addedLinks` in plugin.json, or Grafana drops the link.
  // One link for the two places a problem shows up: a panel and an alert instance. Not the alert
  // rule menu (`grafana/alerting/alertingrule/action`): Grafana shows there only the links of the
  // plugin that owns the rule (its `__grafana_origin` label; alerting/unified/plugins/
  // useRulePluginLinkExtensions.ts), and Warroom creates no rules.
  .addLink<PluginExtensionPanelContext | object>({
    targets: [PluginExtensionPoints.DashboardPanelMenu, PluginExtensionPoints.AlertInstanceAction],
    title: 'Declare incident',
    description: 'Open a Warroom incident pre-filled from this panel or alert, with the severity its metrics justify',
    icon: 'fire',
    path: DECLARE_PATH,
    configure: configureDeclareLink,
  });
