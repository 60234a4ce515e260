// Data source plugin loading as Grafana's DatasourceSrv.loadDatasource does it
// (public/app/features/plugins/datasource_srv.ts, plugin_loader importDataSourcePlugin):
// import the module named by the instance's meta once per plugin, then `new DataSourceClass(settings)`
// with components and meta copied onto the instance. One instance per data source uid.
import { DataSourceApi, DataSourceInstanceSettings, DataSourcePlugin, PluginLoadingStrategy } from '@grafana/data';

import { importPluginModule } from '../loader/systemjs';

const modules: Record<string, Promise<DataSourcePlugin<any>>> = {};
const instances: Record<string, Promise<DataSourceApi>> = {};

function importDataSourcePlugin(settings: DataSourceInstanceSettings): Promise<DataSourcePlugin<any>> {
  const meta = settings.meta;
  modules[meta.id] ??= importPluginModule({
    path: meta.module,
    pluginId: meta.id,
    version: meta.info?.version,
    loadingStrategy: meta.loadingStrategy ?? PluginLoadingStrategy.fetch,
  }).then((exports) => {
    if (!exports.plugin || !exports.plugin.DataSourceClass) {
      throw new Error(`Plugin ${meta.id} does not export a DataSourcePlugin`);
    }
    const plugin = exports.plugin as DataSourcePlugin<any>;
    plugin.meta = meta;
    return plugin;
  });
  return modules[meta.id];
}

/** The live instance of a plugin-backed data source (not the test bed's core stand-ins). */
export function loadDataSource(settings: DataSourceInstanceSettings): Promise<DataSourceApi> {
  instances[settings.uid] ??= importDataSourcePlugin(settings).then((plugin) => {
    const instance = new plugin.DataSourceClass(settings);
    instance.components = plugin.components;
    instance.meta = settings.meta;
    return instance;
  });
  return instances[settings.uid];
}

/** Core data sources ship in Grafana itself ("core:plugin/…"); the rest are plugin modules. */
export function isPluginModule(settings: DataSourceInstanceSettings): boolean {
  return !!settings.meta?.module && !settings.meta.module.startsWith('core:');
}
