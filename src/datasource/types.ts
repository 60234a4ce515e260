import type { DataSourceApi, QueryEditorProps } from '@grafana/data';
import type { DataQuery, DataSourceJsonData } from '@grafana/schema';

import type { Severity } from '../api/types';

/** What a query returns; the back end (pkg/datasource/query.go) reads the same JSON. */
export type IncidentsQueryType = 'annotations' | 'incidents' | 'timers' | 'oncall';

export interface IncidentsQuery extends DataQuery {
  queryType?: IncidentsQueryType;
  service?: string;
  severity?: Severity;
  tag?: string;
  /** oncall only: these schedule ids (at most 50, each 1–64 characters); absent = every schedule. */
  schedules?: string[];
}

export const QUERY_TYPES: Array<{ value: IncidentsQueryType; label: string; description: string }> = [
  {
    value: 'annotations',
    label: 'Events as annotations',
    description: 'Incident events as markers, each incident as a region',
  },
  { value: 'incidents', label: 'Incidents table', description: 'Incidents open at some moment of the time range' },
  { value: 'timers', label: 'Timers', description: 'Escalation timers of the open incidents, as of now' },
  { value: 'oncall', label: 'Who is on call', description: 'Who is on call now and next on each schedule, as of now' },
];

/** Schedule ids typed as a comma-separated list: trimmed, empty ones and repeats dropped. */
export function parseScheduleList(typed: string): string[] | undefined {
  const ids = [...new Set(typed.split(',').map((s) => s.trim()))].filter((s) => s !== '');
  return ids.length > 0 ? ids : undefined;
}

/**
 * Where the incidents are: the same store as the app, named with the app's settings
 * (pkg/settings). Both empty = the default SQLite file beside Grafana's data.
 */
export interface IncidentsOptions extends DataSourceJsonData {
  dataDir?: string;
}

export interface IncidentsSecureOptions {
  postgresDsn?: string;
}

/**
 * Props of the query and annotation editors. They name the data source by its interface, not the
 * IncidentsDataSource class, because the class imports the annotation editor (an import cycle).
 */
export type IncidentsEditorProps = QueryEditorProps<
  DataSourceApi<IncidentsQuery, IncidentsOptions>,
  IncidentsQuery,
  IncidentsOptions
>;
