// Wire types of issue 20 that the back end is adding while this front end is written (pkg/insights
// measures.go, pkg/incident's impact edit and declare onset, the evaluation's onset). TO BE REPLACED: once
// `go run ./internal/cmd/apigen` emits them into src/api/generated/types.ts, types.ts re-exports the
// generated ones and this file goes. Each mirrors its Go type field for field.

/** Go: insights.Stat — durations in seconds; N = 0 means no data (shown "—", never 0 s). */
export interface InsightsStat {
  n: number;
  mean: number;
  median: number;
  p90: number;
}

/** Go: insights.Compliance — incidents by outcome against one target of their policy. */
export interface InsightsCompliance {
  met: number;
  breached: number;
  pending: number;
}

/** Go: insights.Group — the measures of one set of incidents. */
export interface InsightsGroup {
  key: string;
  incidents: number;
  open: number;
  resolved: number;
  reopened: number;
  mttd: InsightsStat;
  mtta: InsightsStat;
  mttm: InsightsStat;
  mttr: InsightsStat;
  respond: InsightsCompliance;
  resolve: InsightsCompliance;
  updates: InsightsCompliance;
  postmortem: InsightsCompliance;
  escalations: number;
  pages: number;
  escalationsPerIncident: number;
  pagesPerIncident: number;
  actionItems: number;
  actionItemsOpen: number;
  actionItemsOverdue: number;
}

/** Go: insights.Point — one bucket of the series (Group embedded, so its fields sit beside `start`). */
export interface InsightsPoint extends InsightsGroup {
  start: string;
}

/** Go: insights.Report — what GET /insights answers. */
export interface InsightsReport {
  total: InsightsGroup;
  groups: InsightsGroup[];
  series: InsightsPoint[];
}

/** Go: incident.Update's new field: a new impact start (RFC 3339), which requires `reason`. */
export interface ImpactEdit {
  impactStart?: string;
}

/** Go: incident.Evidence's new field: the earliest sustained onset of the suggestion's findings. */
export interface EvidenceOnset {
  onset?: string;
}

/** Go: servicemetrics.Evaluation's new field: the earliest sustained breach of its findings. */
export interface EvaluationOnset {
  onset?: string;
}

/** The timeline event kind recording an impact start edit, and its payload (times RFC 3339). */
export const IMPACT_CHANGED = 'impact_changed';
export interface ImpactChangedPayload {
  from: string;
  to: string;
  reason: string;
}
