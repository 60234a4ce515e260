// Entry of the nested data source warroom-incidents-datasource (Grafana loads it as
// public/plugins/warroom-incident-app/datasource/module.js). Its back end is the app's binary:
// see pkg/datasource for how Grafana starts it.
import { DataSourcePlugin } from '@grafana/data';

import { ConfigEditor } from './ConfigEditor';
import { IncidentsDataSource } from './datasource';
import { QueryEditor } from './QueryEditor';
import type { IncidentsOptions, IncidentsQuery, IncidentsSecureOptions } from './types';

export const plugin = new DataSourcePlugin<
  IncidentsDataSource,
  IncidentsQuery,
  IncidentsOptions,
  IncidentsSecureOptions
>(IncidentsDataSource)
  .setConfigEditor(ConfigEditor)
  .setQueryEditor(QueryEditor);
