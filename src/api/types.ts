// Wire types of the Warroom back end, verbatim from docs/api.md. A change
// here changes the Go router (pkg/api) and that page too.

export type Severity = 'P1' | 'P2' | 'P3' | 'P4';
export type Status = 'investigating' | 'identified' | 'monitoring' | 'resolved';

export interface Me {
  login: string;
  name: string;
  role: 'Viewer' | 'Editor' | 'Admin';
  orgId: number;
}

export interface Incident {
  orgId: number;
  id: string; // INC-YYYY-MM-DD-NNN
  title: string;
  severity: Severity;
  status: Status;
  services: string[];
  summary: string;
  createdBy: string;
  createdAt: string; // RFC 3339
  updatedAt: string;
  resolvedAt?: string;
  version: number; // optimistic-concurrency token
  details: {
    links: { dashboardUid?: string; panelId?: number; alertRuleUid?: string };
    labels?: Record<string, string>;
    policyVersion?: number;
  };
}

export interface DeclareRequest {
  title: string; // 1..200 chars
  severity: Severity;
  services: string[]; // 1..20 names, each 1..100 chars
  summary?: string; // ≤ 10,000 chars
  links?: { dashboardUid?: string; panelId?: number; alertRuleUid?: string };
  labels?: Record<string, string>;
}

export interface UpdateRequest {
  version: number; // required: the version the change was made against
  title?: string;
  severity?: Severity;
  status?: Status;
  reason?: string; // recorded on the timeline with the change
}

export interface NoteRequest {
  text: string; // 1..10,000 chars
}

export interface TimelineEvent {
  orgId: number;
  incidentId: string;
  seq: number;
  kind: 'declared' | 'note' | 'status_changed' | 'severity_changed' | 'title_changed';
  author: string;
  at: string;
  payload?: Record<string, unknown>;
}

// Responses and query of the routes table.

export interface IncidentPage {
  items: Incident[];
  total: number;
}

export interface EventList {
  items: TimelineEvent[];
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

export type ErrorCode =
  | 'invalid_request'
  | 'unauthenticated'
  | 'forbidden'
  | 'not_found'
  | 'method_not_allowed'
  | 'conflict'
  | 'body_too_large'
  | 'internal';

export interface FieldError {
  path: string;
  message: string;
}

export interface ErrorBody {
  error: { code: ErrorCode; message: string; fields?: FieldError[] };
}
