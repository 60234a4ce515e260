// Wire types of the Warroom back end. The ones Go defines are generated
// (src/api/generated, `go run ./internal/cmd/apigen`) and re-exported here under
// the names the UI imports; the rest (queries, client-side shapes, and the
// post-mortem save whose Go field is a pointer only to tell "absent") are written here.

export type {
  AckInfo,
  AckRequest,
  ContactMethodList,
  ContactMethodRequest,
  ContactMethodView,
  EscalationTarget,
  FeedCreated,
  FeedList,
  FeedRequest,
  FeedView,
  ImportRequest,
  ImportResult,
  IncidentOnCall,
  OnCallSchedule,
  PagedRecipient,
  PeopleList,
  Person,
  PolicyPagingRules,
  ScheduleLayer,
  ScheduleList,
  ScheduleOverride,
  ScheduleRequest,
  ScheduleRotation,
  ScheduleSummary,
  ScheduleView,
  Shift,
  TargetView,
  Team,
  TeamList,
  TestPageResult,
  TierView,
  ActionItem,
  ActiveIncidentTimers,
  ActiveTimers,
  CatalogAwsResources,
  CatalogService,
  ChecklistItem,
  ConfigStatus,
  CorrelationResult,
  DeclareRequest,
  DemoDataResult,
  DiagnosticFinding,
  DiagnosticStatus,
  DiagnosticTable,
  DiagnosticsRun,
  DiagnosticsState,
  EscalationRule,
  EscalationTier,
  EvaluateRequest,
  EventKind,
  EventPage,
  EventPayloads,
  FieldError,
  Flags,
  Incident,
  IncidentImpact,
  IncidentMetrics,
  IncidentPage,
  IncidentRow,
  IncidentTimers,
  Me,
  Message,
  MetricQuery,
  NoteRequest,
  Policy,
  PolicyLevel,
  PostmortemDoc,
  PostmortemView,
  PrometheusLabels,
  PrometheusLabelValues,
  RemediationAction,
  RemediationOutcome,
  RemediationRequest,
  RemediationResult,
  RenderedRunbook,
  Roles,
  Runbook,
  RunbookOption,
  SchedulerStatus,
  SectionKey,
  SectionState,
  SectionStatus,
  ServiceFinding,
  ServiceMetrics,
  ServicePreview,
  ServicePreviewRequest,
  Severity,
  SignalFinding,
  SignalKind,
  Status,
  StatusUpdateRequest,
  StepMark,
  StepName,
  SuggestedRunbook,
  Template,
  TemplateList,
  ChannelView,
  ChannelList,
  TimelineEvent,
  Timer,
  TimerState,
  UpdateRequest,
  Evidence,
  Evaluation,
  InsightsCompliance,
  InsightsGroup,
  InsightsPoint,
  InsightsReport,
  InsightsStat,
} from './generated/types';
export type { ErrorCode } from './generated/errors';
import type {
  ActionItem,
  DiagnosticsRun,
  ErrorDetail,
  PostmortemDoc,
  Severity,
  Status,
  TimelineEvent,
  Timer,
} from './generated/types';

export type ActionPriority = ActionItem['priority'];

export interface PostmortemRequest {
  version: number; // the post-mortem version edited; stale → 409 conflict with error.current: PostmortemView
  doc: PostmortemDoc;
}

// Responses and query of the routes table.

/** Every event of an incident, read page by page (client.ts listEvents). */
export interface EventList {
  items: TimelineEvent[];
}

export type SortKey = 'created' | 'updated' | 'severity';
export type SortOrder = 'desc' | 'asc';

/** Query of GET /incidents; empty values are left out of the URL. */
export interface IncidentFilter {
  status?: Status[];
  severity?: Severity[];
  service?: string;
  from?: string; // RFC 3339
  to?: string;
  sort?: SortKey;
  order?: SortOrder;
  limit?: number; // 1..500, default 50
  offset?: number; // ≥ 0
}

// Query of the insights routes (GET /insights, its CSV exports).

export type InsightsGroupBy = 'severity' | 'service' | 'none';
export type InsightsBucket = 'week' | 'month' | 'none';

export interface InsightsQuery {
  from: string; // RFC 3339; incidents declared in [from, to)
  to: string;
  services?: string[]; // any of them; empty: every service
  severities?: Severity[];
  groupBy: InsightsGroupBy;
  bucket: InsightsBucket;
  tz: string; // IANA zone whose local midnights start the buckets
}

// The one error shape of every route.

export interface ErrorBody {
  error: ErrorDetail;
}

// Timers (GET /incidents/{id}/timers, GET /timers). Deadlines are absolute
// times with the server's `now`, so a client corrects its clock offset and
// counts down locally; nothing here is "seconds left".

export type TimerKind = Timer['kind'];

export interface ActiveTimersQuery {
  services?: string[]; // any of them; empty: every service (≤ 50 names, each ≤ 200 chars)
  severities?: Severity[];
  limit?: number; // 1..100, default 20
}

// Diagnostics (docs/api.md "Diagnostics"): Viewers read runs and runbooks, Editors run checks, Admins run
// the remediations an admin enabled.

export type DiagnosticsRunState = DiagnosticsRun['state'];
