// Wires the @grafana/runtime services the way Grafana's app.ts does at start-up, before any plugin
// is imported (plugins read them through the shared @grafana/runtime module).
import { EventBusSrv } from '@grafana/data';
import {
  config,
  setAppEvents,
  setBackendSrv,
  setCurrentUser,
  setDataSourceSrv,
  setEchoSrv,
  setPluginComponentHook,
  setPluginComponentsHook,
  setPluginFunctionsHook,
  setPluginImportUtils,
  setPluginLinksHook,
  setTemplateSrv,
} from '@grafana/runtime';
import { initializeI18n } from '@grafana/i18n/dist/esm/i18n.mjs';
import { setPluginPage } from '@grafana/runtime/dist/esm/components/PluginPage.mjs';
import { setGetObservablePluginLinks } from '@grafana/runtime/dist/esm/services/pluginExtensions/getObservablePluginLinks.mjs';
import { setGetObservablePluginComponents } from '@grafana/runtime/dist/esm/services/pluginExtensions/getObservablePluginComponents.mjs';
import { of } from 'rxjs';

import { getObservablePluginLinks, usePluginLinks } from '../extensions/links';
import { addedComponents } from '../extensions/registry';
import { PluginPage } from '../pages/PluginPage';
import { getPanelPluginFromCache, importPanelPlugin } from '../plugins/importPanelPlugin';

import { TestbedBackendSrv } from './backendSrv';
import { TestbedDataSourceSrv } from './dataSourceSrv';
import { templateSrv } from './templateSrv';
import { registerOptionEditors } from './optionEditors';

export async function initServices() {
  setBackendSrv(new TestbedBackendSrv());
  setDataSourceSrv(new TestbedDataSourceSrv());
  setAppEvents(new EventBusSrv());
  setCurrentUser(config.bootData.user as any);
  setPluginPage(PluginPage);

  // Analytics go nowhere (Grafana's echo backends report to Grafana.com / Rudderstack).
  setEchoSrv({ flush() {}, addBackend() {}, addEvent() {} });
  // Knows the open dashboard's variables, as Grafana's does (services/templateSrv.ts).
  setTemplateSrv(templateSrv);
  // Panel plugins from bootData's settings.panels (plugins/importPanelPlugin.ts).
  setPluginImportUtils({ importPanelPlugin, getPanelPluginFromCache });
  registerOptionEditors();

  setPluginLinksHook(usePluginLinks);
  setGetObservablePluginLinks(getObservablePluginLinks);
  // Added components are registered and validated (extensions/registry.ts); the test bed renders no
  // component extension points of its own, so these hooks only hand back what is registered.
  setPluginComponentsHook(({ extensionPointId }: { extensionPointId: string }) => ({
    isLoading: false,
    components: (addedComponents.value[extensionPointId] ?? []).map((c) => c.component) as any,
  }));
  setGetObservablePluginComponents(({ extensionPointId }: { extensionPointId: string }) =>
    of((addedComponents.value[extensionPointId] ?? []).map((c) => c.component) as any)
  );
  setPluginComponentHook(() => ({ isLoading: false, component: null }));
  setPluginFunctionsHook(() => ({ isLoading: false, functions: [] }));

  // Grafana initialises i18next (the instance shared with plugins as "i18next") before rendering.
  await initializeI18n({ language: config.bootData.user.language ?? 'en-US', ns: ['grafana'] }, config.bootData.user.regionalFormat);
}
