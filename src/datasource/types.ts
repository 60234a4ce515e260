import type { DataSourceApi, QueryEditorProps } from '@grafana/data';
import type { DataQuery, DataSourceJsonData } from '@grafana/schema';

import type { Severity } from '../api/types';

/** What a query returns; the back end (pkg/datasource/query.go) reads the same JSON. */
export type IncidentsQueryType = 'annotations' | 'incidents' | 'timers' | 'oncall' | 'insights' | 'insights_series';

export interface IncidentsQuery extends DataQuery {
  queryType?: IncidentsQueryType;
  /** One service; insights queries take a comma list (a multi-value variable becomes one). */
  service?: string;
  /** One level; insights queries take a comma list such as "P1,P2". */
  severity?: Severity | string;
  tag?: string;
  /** oncall only: these schedule ids (at most 50, each 1–64 characters); absent = every schedule. */
  schedules?: string[];
  /** insights and insights_series (pkg/datasource/insights_query.go). */
  groupBy?: InsightsGroupBy;
  bucket?: 'week' | 'month';
  measure?: SeriesMeasure;
  stat?: 'median' | 'p90' | 'mean';
  /** IANA zone the weeks and months start in; absent = UTC. */
  tz?: string;
}

export type InsightsGroupBy = 'severity' | 'service' | 'none';

/** What an insights_series query draws (pkg/datasource SeriesMeasures; docs/insights.md). */
export const SERIES_MEASURES = [
  { value: 'mtta', label: 'MTTA', description: 'declared → acknowledged' },
  { value: 'mttr', label: 'MTTR', description: 'impact start → resolved' },
  { value: 'mttd', label: 'MTTD', description: 'impact start → detected' },
  { value: 'mttm', label: 'MTTM', description: 'impact start → mitigated' },
  { value: 'incidents', label: 'Incidents' },
  { value: 'open', label: 'Open' },
  { value: 'resolved', label: 'Resolved' },
  { value: 'reopened', label: 'Reopened' },
  { value: 'respond_breached', label: 'Respond-by breached' },
  { value: 'resolve_breached', label: 'Resolve-by breached' },
  { value: 'updates_breached', label: 'Update cadence breached' },
  { value: 'postmortem_breached', label: 'Post-mortems late' },
  { value: 'escalations_per_incident', label: 'Escalations per incident' },
  { value: 'pages_per_incident', label: 'Pages per incident' },
  { value: 'action_items_open', label: 'Open action items' },
  { value: 'action_items_overdue', label: 'Overdue action items' },
] as const;

export type SeriesMeasure = (typeof SERIES_MEASURES)[number]['value'];

/** Measures that are durations, which a statistic (median, p90, mean) summarises. */
export const DURATION_MEASURES: SeriesMeasure[] = ['mtta', 'mttr', 'mttd', 'mttm'];

export const QUERY_TYPES: Array<{ value: IncidentsQueryType; label: string; description: string }> = [
  {
    value: 'annotations',
    label: 'Events as annotations',
    description: 'Incident events as markers, each incident as a region',
  },
  { value: 'incidents', label: 'Incidents table', description: 'Incidents open at some moment of the time range' },
  { value: 'timers', label: 'Timers', description: 'Escalation timers of the open incidents, as of now' },
  { value: 'oncall', label: 'Who is on call', description: 'Who is on call now and next on each schedule, as of now' },
  {
    value: 'insights',
    label: 'Insights table',
    description: 'MTTx, counts and SLA compliance of the incidents declared in the range, per severity or service',
  },
  {
    value: 'insights_series',
    label: 'Insights over time',
    description: 'One measure per week or month of the range, as a time series (alerting can use it)',
  },
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
