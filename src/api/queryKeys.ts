import type { ActiveTimersQuery, IncidentFilter, InsightsQuery } from './types';

/**
 * Every TanStack Query key of the front end, so a change can say exactly what it makes stale.
 * Whatever belongs to one incident starts with `incident(id)`: invalidating that prefix reloads
 * all the incident page shows (live updates, 409 answers).
 */
export const queryKeys = {
  me: ['me'] as const,
  incidents: (filter: IncidentFilter) => ['incidents', filter] as const,
  incident: (id: string) => ['incident', id] as const,
  events: (id: string) => ['incident', id, 'events'] as const,
  /** `version`: the graphs change when the incident does (e.g. its end once resolved). */
  metrics: (id: string, version: number) => ['incident', id, 'metrics', version] as const,
  /** `refreshKey`: the incident's version and timeline length, whose change moves timers. */
  timers: (id: string, refreshKey: string) => ['incident', id, 'timers', refreshKey] as const,
  /** `refreshKey`: as the timers', so paging's view follows an acknowledgement or a level change. */
  onCall: (id: string, refreshKey: string) => ['incident', id, 'oncall', refreshKey] as const,
  diagnostics: (id: string) => ['incident', id, 'diagnostics'] as const,
  diagnosticsRun: (id: string, runId: string) => ['incident', id, 'diagnostics', 'run', runId] as const,
  dashboardNotes: (id: string, reloadKey: unknown) => ['incident', id, 'dashboardNotes', reloadKey] as const,
  postmortem: (id: string) => ['postmortem', id] as const,
  insights: (query: InsightsQuery) => ['insights', query] as const,
  templates: ['templates'] as const,
  notificationChannels: ['notificationChannels'] as const,
  policy: ['policy'] as const,
  schedulerStatus: ['schedulerStatus'] as const,
  /** Everything on call starts with 'oncall': a saved schedule makes the list and the feeds stale too. */
  oncall: ['oncall'] as const,
  schedules: ['oncall', 'schedules'] as const,
  schedule: (id: string) => ['oncall', 'schedules', id] as const,
  people: ['oncall', 'people'] as const,
  contactMethods: ['oncall', 'contactMethods'] as const,
  feeds: ['oncall', 'feeds'] as const,
  configStatus: ['configStatus'] as const,
  activeTimers: (query: ActiveTimersQuery, refreshedAt: number) => ['activeTimers', query, refreshedAt] as const,
  suggestion: (request: unknown) => ['suggestion', request] as const,
  /** What an acknowledge link acknowledges (the token is the key: one page, one link). */
  ackLink: (token: string) => ['ackLink', token] as const,
  teams: ['oncall', 'teams'] as const,
  /** The app's settings as Grafana stores them (the Services page reads the catalog from them). */
  appSettings: ['appSettings'] as const,
  prometheusLabels: ['prometheusLabels'] as const,
  prometheusLabelValues: (label: string) => ['prometheusLabels', label, 'values'] as const,
  servicePreview: (service: unknown) => ['servicePreview', service] as const,
  /** A mutation key: the write-through of an incident to its dashboard's annotations. */
  annotationSync: (id: string | undefined) => ['annotationSync', id] as const,
};
