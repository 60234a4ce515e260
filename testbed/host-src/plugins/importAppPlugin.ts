// App plugin loading as Grafana does it:
// - getPluginSettings: GET /api/plugins/<id>/settings, cached per page load
//   (public/app/features/plugins/pluginSettings.ts);
// - importAppPlugin: import module.js once per plugin id, `plugin.init(meta)`, `plugin.meta = meta`,
//   setComponentsFromLegacyExports, then hand the plugin's added links/components to the registries
//   (public/app/features/plugins/pluginLoader.ts doImportAppPlugin);
// - preloadPlugins: settings first, then importAppPlugin (public/app/features/plugins/pluginPreloader.ts);
// - getExtensionPointPluginDependencies: the apps whose plugin.json extensions target an extension
//   point are loaded before it renders (public/app/features/plugins/extensions/utils.tsx).
import { AppPlugin, AppPluginMeta, PluginLoadingStrategy } from '@grafana/data';
import { AppPluginConfig, config, getBackendSrv } from '@grafana/runtime';

import { registerAddedComponents, registerAddedLinks } from '../extensions/registry';
import { importPluginModule } from '../loader/systemjs';

const settings: Record<string, Promise<AppPluginMeta>> = {};
const imports: Record<string, Promise<AppPlugin>> = {};

export function getPluginSettings(pluginId: string): Promise<AppPluginMeta> {
  if (!settings[pluginId]) {
    settings[pluginId] = getBackendSrv().get<AppPluginMeta>(`/api/plugins/${pluginId}/settings`);
  }
  return settings[pluginId];
}

export function importAppPlugin(meta: AppPluginMeta): Promise<AppPlugin> {
  if (!imports[meta.id]) {
    imports[meta.id] = doImportAppPlugin(meta);
  }
  return imports[meta.id];
}

async function doImportAppPlugin(meta: AppPluginMeta): Promise<AppPlugin> {
  const exports = await importPluginModule({
    path: meta.module,
    version: meta.info?.version,
    pluginId: meta.id,
    loadingStrategy: meta.loadingStrategy ?? PluginLoadingStrategy.fetch,
  });
  const { plugin = new AppPlugin() } = exports;
  plugin.init(meta);
  plugin.meta = meta;
  plugin.setComponentsFromLegacyExports(exports);

  registerAddedComponents(meta.id, plugin.addedComponentConfigs || []);
  registerAddedLinks(meta.id, plugin.addedLinkConfigs || []);
  return plugin;
}

const preloads: Record<string, Promise<void>> = {};

export function preloadPlugins(apps: AppPluginConfig[]): Promise<void> {
  const load = async (app: AppPluginConfig) => {
    try {
      await importAppPlugin(await getPluginSettings(app.id));
    } catch (error) {
      console.error(`[Plugins] Failed to preload plugin: ${app.path} (version: ${app.version})`, error);
    }
  };
  return Promise.all(apps.map((app) => (preloads[app.id] ??= load(app)))).then(() => undefined);
}

export function getExtensionPointPluginDependencies(extensionPointId: string): AppPluginConfig[] {
  return Object.values(config.apps).filter(
    (app) =>
      app.extensions?.addedLinks?.some((link) => link.targets.includes(extensionPointId)) ||
      app.extensions?.addedComponents?.some((c) => c.targets.includes(extensionPointId))
  );
}

// Apps with `preload: true` in plugin.json are loaded while Grafana starts.
export function getAppPluginsToPreload(): AppPluginConfig[] {
  return Object.values(config.apps).filter((app) => app.preload);
}
