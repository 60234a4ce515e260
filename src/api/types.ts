// Wire types of the Warroom back end. The ones Go defines are generated
// (src/api/generated, `go run ./internal/cmd/apigen`) and re-exported here under
// the names the UI imports; the rest are still written by hand after docs/api.md.

export type {
  ActionItem,
  ChecklistItem,
  DeclareRequest,
  EventKind,
  EventPayloads,
  Evidence,
  FieldError,
  Flags,
  Incident,
  NoteRequest,
  PostmortemDoc,
  Roles,
  Severity,
  Status,
  StepMark,
  StepName,
  TimelineEvent,
  UpdateRequest,
} from './generated/types';
export type { ErrorCode } from './generated/errors';
import type {
  ActionItem,
  ErrorDetail,
  Incident,
  PostmortemDoc,
  Severity,
  Status,
  TimelineEvent,
} from './generated/types';

export interface Me {
  login: string; // '' for Grafana's anonymous user
  name: string; // '' for Grafana's anonymous user
  role: 'Viewer' | 'Editor' | 'Admin';
  orgId: number;
  anonymous: boolean;
  author: string; // what the timeline records for this user: the login, or 'Anonymous'
}

export interface Template {
  id: string;
  name: string;
  audience: string;
  subject: string;
  body: string;
}

export interface Message {
  templateId: string;
  subject: string;
  body: string;
  missing: string[];
}

export interface StatusUpdateRequest {
  templateId?: string;
  subject: string;
  body: string; // 1..10,000 chars
  /** Notification channels to also send it through (names from the app settings). */
  channels?: string[];
}

export type ActionPriority = ActionItem['priority'];

export interface PostmortemView {
  version: number; // the post-mortem's own version: 0 before its first save; other changes to the incident leave it
  doc: PostmortemDoc;
  dueAt?: string;
  markdown: string;
  saved: boolean;
  savedBy?: string; // who saved last, and when
  savedAt?: string;
}

export interface PostmortemRequest {
  version: number; // the post-mortem version edited; stale → 409 conflict with error.current: PostmortemView
  doc: PostmortemDoc;
}

export interface EscalationTier {
  after: string;
  who: string;
}

/** Targets of one severity; durations are Go duration text ("15m", "2h"). */
export interface PolicyLevel {
  severity: Severity;
  meaning: string;
  respondWithin: string;
  resolveWithin?: string; // absent: best effort
  updateEvery?: string; // absent: no scheduled updates
  notify: string;
  tiers: EscalationTier[];
}

export interface EscalationRule {
  id: string;
  from: Severity;
  to: Severity;
  persistsFor?: string;
  withoutMitigation?: boolean;
  customerReportsOver?: number;
  errorRateOver?: number;
  multipleServices?: boolean;
  dataIntegrityAtRisk?: boolean;
  autoApply: boolean;
}

export interface Policy {
  version: number; // on PUT: the version being replaced
  labels: 'P' | 'SEV';
  postmortemDue: string;
  levels: PolicyLevel[];
  rules: EscalationRule[];
}

// Responses and query of the routes table.

/**
 * An incident in a list (GET /incidents): no summary, post-mortem, checklist
 * or steps; GET /incidents/{id} has them.
 */
export interface IncidentRow extends Pick<
  Incident,
  | 'orgId'
  | 'id'
  | 'title'
  | 'severity'
  | 'status'
  | 'services'
  | 'createdBy'
  | 'createdAt'
  | 'updatedAt'
  | 'resolvedAt'
  | 'version'
> {
  details: Pick<Incident['details'], 'links' | 'labels' | 'roles' | 'customerReports' | 'flags'>;
}

export interface IncidentPage {
  items: IncidentRow[];
  total: number;
}

export interface EventList {
  items: TimelineEvent[];
}

/** One page of GET /incidents/{id}/events; while `hasMore`, `nextAfter` is the next page's `after`. */
export interface EventPage {
  items: TimelineEvent[];
  hasMore: boolean;
  nextAfter?: number;
}

export interface TemplateList {
  items: Template[];
}

export interface DemoDataResult {
  created: number;
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

// The one error shape of every route.

export interface ErrorBody {
  error: ErrorDetail;
}

// Signals: metric suggestions (POST /signals/evaluate) and graphs (GET /incidents/{id}/metrics).

export type SignalKind = 'error_rate' | 'latency';

export interface SignalFinding {
  kind: SignalKind;
  query: string;
  threshold: number; // ratio for error rate, seconds for latency
  observed: number; // peak in the window
  peak?: string;
  onset?: string;
  since?: string;
  aboveMs: number;
  sustained: boolean;
  active: boolean;
  level?: Severity;
  unavailable?: string;
}

export interface ServiceFinding {
  service: string;
  severity?: Severity;
  signals: SignalFinding[];
  led?: 'error_rate' | 'latency' | 'together';
  leadByMs: number;
}

export interface CorrelationResult {
  severity?: Severity; // absent: nothing incident-worthy
  reasons: string[];
  rules: string[];
  breaching: number;
  services: ServiceFinding[];
  unavailable: boolean;
  why?: string;
}

export interface EvaluateRequest {
  services?: string[];
  exprs?: string[];
  labels?: Record<string, string>;
  from?: string;
  to?: string;
}

export interface Evaluation {
  services: string[];
  from: string;
  to: string;
  result?: CorrelationResult;
  uncatalogued: string[]; // requested services without queries in the catalog
  reason?: string; // why there is no (usable) suggestion
  policyVersion: number;
}

export interface MetricQuery {
  query: string;
  series: Array<{ labels: Record<string, string>; points: Array<[number, number | null]> }>;
  error?: string;
}

export interface IncidentMetrics {
  from: string;
  to: string;
  stepMs: number;
  thresholds: { errorRateHigh: number; errorRateElevated: number; latencyP99Seconds: number; sustainedForMs: number };
  services: Array<{ service: string; errorRate: MetricQuery; latency: MetricQuery }>;
  uncatalogued: string[];
  reason?: string;
}

// Timers (GET /incidents/{id}/timers, GET /timers). Deadlines are absolute
// times with the server's `now`, so a client corrects its clock offset and
// counts down locally; nothing here is "seconds left".

/** ok → warning → breached while running; met/missed when done; stopped when resolved or not applicable. */
export type TimerState = 'ok' | 'warning' | 'breached' | 'met' | 'missed' | 'stopped';
export type TimerKind = 'respond' | 'update' | 'escalation' | 'resolve' | 'postmortem';

export interface Timer {
  kind: TimerKind;
  label: string;
  due?: string; // RFC 3339
  state: TimerState;
  who?: string; // escalation: who the next tier engages
  detail?: string;
}

export interface IncidentTimers {
  now: string; // the server's clock when it computed the states
  incidentId: string;
  version: number;
  policyVersion: number;
  timers: Timer[];
  currentTier: EscalationTier;
  /** When a state changes without new facts (e.g. ok → warning); refetch then. */
  nextChange?: string;
}

export interface ActiveIncidentTimers {
  incident: Pick<Incident, 'id' | 'title' | 'severity' | 'status' | 'services' | 'createdAt' | 'version'>;
  timers: Timer[];
  currentTier: EscalationTier;
  nextChange?: string;
}

export interface ActiveTimers {
  now: string;
  /** Most urgent first: worst running state, then severity, then the earliest deadline. */
  items: ActiveIncidentTimers[];
  total: number; // matching active incidents; items holds at most `limit`
}

export interface ActiveTimersQuery {
  services?: string[]; // any of them; empty: every service (≤ 50 names, each ≤ 200 chars)
  severities?: Severity[];
  limit?: number; // 1..100, default 20
}

// Diagnostics (docs/api.md "Diagnostics"): Viewers read runs and runbooks, Editors run checks, Admins run
// the remediations an admin enabled.

export type DiagnosticStatus = 'ok' | 'warning' | 'critical' | 'error';

export interface DiagnosticTable {
  title?: string;
  columns: string[];
  rows: string[][];
  /** Production data (SQL text, log lines, response bodies): sent to Editors and Admins only. */
  sensitive?: boolean;
}

export interface DiagnosticFinding {
  check: string; // stable check id, e.g. "postgres.connections"
  service: string;
  title: string;
  status: DiagnosticStatus;
  summary: string;
  details?: DiagnosticTable[];
  facts?: Record<string, number>;
  error?: string; // why the check could not run (status "error")
  /** The server left out evidence carrying production data (the reader is a Viewer). */
  withheld?: boolean;
  started: string;
  took: number; // nanoseconds
}

export type RemediationAction = 'terminate-idle-backends' | 'ecs-force-new-deployment' | 'asg-instance-refresh';

export interface RunbookOption {
  title: string;
  description?: string;
  commands?: string[];
  remediation?: RemediationAction;
}

export interface Runbook {
  id: string;
  title: string;
  source?: string;
  symptoms: string[];
  checks: string[];
  diagnosis?: string[];
  options: RunbookOption[];
}

/** A runbook with its commands filled from one service's catalog entry; `missing` placeholders stay as <name>. */
export interface RenderedRunbook extends Runbook {
  service: string;
  missing?: string[];
  /** Catalog values that failed their check for commands; they stay as <name> too. */
  invalid?: string[];
}

export interface SuggestedRunbook {
  service: string;
  runbook: RenderedRunbook;
  reasons: string[];
  /** Enabled remediations this service supports, each with the resource name to type to confirm. */
  remediations: Partial<Record<RemediationAction, string>>;
}

export type DiagnosticsRunState = 'running' | 'finished' | 'interrupted';

export interface DiagnosticsRun {
  id: string;
  incidentId: string;
  state: DiagnosticsRunState;
  total: number;
  done: number;
  startedBy: string;
  startedAt: string;
  finishedAt?: string;
  summary?: { status: DiagnosticStatus; counts: Partial<Record<DiagnosticStatus, number>>; tookMs: number };
  findings: DiagnosticFinding[];
  suggestions: SuggestedRunbook[];
}

export interface DiagnosticsState {
  run: DiagnosticsRun | null;
  available: boolean;
  reason?: string;
  remediations: RemediationAction[];
}

export interface RemediationRequest {
  action: RemediationAction;
  service: string;
  confirm: string;
}

export type RemediationResult = RemediationOutcome['result'];

export interface RemediationOutcome {
  ok: boolean;
  result: { action: RemediationAction; service: string; summary: string; count?: number; id?: string };
  error?: string;
  resource: string;
}

/** GET /scheduler/status: the heartbeat of the scheduler the back-end process runs for the org's store. */
export interface SchedulerStatus {
  /** 'stale': no tick for 3 periods; 'off': not running in this process (grafana.ini scheduler = off). */
  state: 'ok' | 'starting' | 'stale' | 'off';
  /** RFC 3339; absent before the first tick. */
  lastTick?: string;
  /** Seconds since the last tick (or since the start, before the first). */
  ageSeconds: number;
  /** The line the health check shows. */
  message: string;
  now: string;
}
