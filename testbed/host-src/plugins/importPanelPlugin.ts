// Panel plugin loading as Grafana does it (public/app/features/plugins/importPanelPlugin.ts and
// importer/pluginImporter.ts panelPluginPostImport):
// - the meta is config.panels[id] from bootData (or a panel whose aliasIDs include the id); no meta
//   throws "Plugin <id> not found";
// - the module is imported once per id through SystemJS with the meta's module path, version and
//   loading strategy;
// - `plugin` (a PanelPlugin or a promise of one) must be exported; `plugin.meta = meta`; any other
//   failure is warned and becomes an error panel (app/features/panel/components/PanelPluginError.tsx
//   getPanelPluginLoadError), so a broken panel shows its error in place instead of the dashboard.
import { ComponentType, createElement } from 'react';

import { PanelPlugin, PanelPluginMeta, PanelProps, PluginLoadingStrategy } from '@grafana/data';
import { config } from '@grafana/runtime';
import { Alert } from '@grafana/ui';

import { importPluginModule } from '../loader/systemjs';

const imports: Record<string, Promise<PanelPlugin>> = {};
const loaded: Record<string, PanelPlugin> = {};

export function getPanelPluginMeta(id: string): PanelPluginMeta | undefined {
  const meta = config.panels[id];
  if (meta) {
    return meta;
  }
  return Object.values(config.panels).find((p) => p.aliasIDs?.includes(id));
}

export function importPanelPlugin(id: string): Promise<PanelPlugin> {
  if (imports[id]) {
    return imports[id];
  }
  const meta = getPanelPluginMeta(id);
  if (!meta) {
    throw new Error(`Plugin ${id} not found`);
  }
  imports[id] = doImportPanelPlugin(meta);
  return imports[id];
}

export function getPanelPluginFromCache(id: string): PanelPlugin | undefined {
  return loaded[id];
}

async function doImportPanelPlugin(meta: PanelPluginMeta): Promise<PanelPlugin> {
  try {
    const exports = await importPluginModule({
      path: meta.module,
      version: meta.info?.version,
      pluginId: meta.id,
      loadingStrategy: meta.loadingStrategy ?? PluginLoadingStrategy.fetch,
    });
    if (exports.plugin) {
      const plugin: PanelPlugin = await exports.plugin;
      plugin.meta = meta;
      loaded[meta.id] = plugin;
      return plugin;
    }
    throw new Error('missing export: plugin');
  } catch (error) {
    console.warn('Error loading panel plugin: ' + meta.id, error);
    return loadErrorPlugin(meta, error);
  }
}

function loadErrorPlugin(meta: PanelPluginMeta, error: unknown): PanelPlugin {
  const message = error instanceof Error ? error.message : String(error);
  const LoadError: ComponentType<PanelProps> = () =>
    createElement(Alert, { severity: 'error', title: `Error loading panel plugin ${meta.id}` }, message);
  const plugin = new PanelPlugin(LoadError);
  plugin.meta = meta;
  return plugin;
}
