// DataSourceSrv stand-in. Grafana's (public/app/features/plugins/datasource_srv.ts) answers instance
// settings from config.datasources and lazily imports each data source plugin. The test bed knows
// only the data sources the server puts in boot data (the Prometheus stand-in when -prometheus-url
// is set, and the app's nested incidents data source): getInstanceSettings/getList answer from
// config.datasources like Grafana; get() loads a plugin data source's real module
// (plugins/importDataSourcePlugin.ts); for the core Prometheus stand-in it resolves an object with
// its settings whose query() errors visibly (plugins reach Prometheus through backendSrv and
// /api/datasources/proxy/uid/<uid>/).
import { Observable, throwError } from 'rxjs';

import { DataSourceInstanceSettings, DataSourceRef } from '@grafana/data';
import { DataSourceSrv, GetDataSourceListFilters, config } from '@grafana/runtime';

import { isPluginModule, loadDataSource } from '../plugins/importDataSourcePlugin';

function all(): DataSourceInstanceSettings[] {
  return Object.values(config.datasources ?? {}) as DataSourceInstanceSettings[];
}

function find(ref?: DataSourceRef | string | null): DataSourceInstanceSettings | undefined {
  const list = all();
  if (ref === undefined || ref === null || ref === 'default') {
    return list.find((ds) => ds.isDefault) ?? list.find((ds) => ds.name === config.defaultDatasource);
  }
  const key = typeof ref === 'string' ? ref : ref.uid;
  return list.find((ds) => ds.uid === key || ds.name === key);
}

export class TestbedDataSourceSrv implements DataSourceSrv {
  getInstanceSettings(ref?: DataSourceRef | string | null) {
    return find(ref);
  }

  getList(filters: GetDataSourceListFilters = {}): DataSourceInstanceSettings[] {
    const types = filters.type === undefined ? undefined : ([] as string[]).concat(filters.type);
    return all().filter(
      (ds) =>
        (!types || types.includes(ds.type)) &&
        (!filters.pluginId || ds.meta?.id === filters.pluginId) &&
        (!filters.filter || filters.filter(ds))
    );
  }

  async get(ref?: DataSourceRef | string | null): Promise<any> {
    const settings = find(ref);
    if (!settings) {
      throw new Error(`Datasource ${JSON.stringify(ref)} was not found`);
    }
    if (isPluginModule(settings)) {
      // A data source plugin (the app's nested warroom-incidents-datasource): its real module runs.
      return loadDataSource(settings);
    }
    return {
      ...settings,
      instanceSettings: settings,
      getRef: () => ({ uid: settings.uid, type: settings.type }),
      query: (): Observable<never> =>
        throwError(() => new Error(`query() of data source "${settings.name}" is not available in the test bed`)),
    };
  }

  reload() {}

  registerRuntimeDataSource() {
    throw new Error('registerRuntimeDataSource is not provided by the test bed');
  }
}
