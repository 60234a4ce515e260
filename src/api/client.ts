// The one client of the Warroom front end: every call to the plugin's back-end
// resources (docs/api.md) and to Grafana's settings API for this app goes
// through here, so paths, payload types and error parsing live in one place.
// Resource paths are named by the route list generated from the Go router
// (src/api/generated/routes.ts), so the typecheck refuses a path it does not serve.
import { lastValueFrom } from 'rxjs';
import { getBackendSrv } from '@grafana/runtime';

import { PLUGIN_ID } from '../constants';
import { toApiError } from './errors';
import type { UiRouteKey } from './generated/routes';
import { routeRequest, type Method, type RouteParams } from './paths';
import type {
  AckInfo,
  AckRequest,
  ContactMethodList,
  ContactMethodRequest,
  ContactMethodView,
  FeedCreated,
  FeedList,
  FeedRequest,
  FeedView,
  ImportRequest,
  ImportResult,
  IncidentOnCall,
  OnCallSchedule,
  PeopleList,
  ScheduleList,
  ScheduleRequest,
  ScheduleView,
  TeamList,
  TestPageResult,
  ActiveTimers,
  ActiveTimersQuery,
  CatalogService,
  ConfigStatus,
  DeclareRequest,
  EvaluateRequest,
  Evaluation,
  IncidentMetrics,
  DemoDataResult,
  DiagnosticsRun,
  DiagnosticsState,
  RemediationAction,
  RemediationOutcome,
  RemediationRequest,
  SchedulerStatus,
  Severity,
  EventList,
  EventPage,
  Incident,
  IncidentFilter,
  IncidentPage,
  IncidentTimers,
  InsightsQuery,
  InsightsReport,
  Me,
  Message,
  NoteRequest,
  Policy,
  PostmortemRequest,
  PostmortemView,
  PrometheusLabels,
  PrometheusLabelValues,
  ServicePreview,
  StatusUpdateRequest,
  Template,
  TemplateList,
  ChannelList,
  TimelineEvent,
  UpdateRequest,
} from './types';

const RESOURCES_URL = `/api/plugins/${PLUGIN_ID}/resources`;
const SETTINGS_URL = `/api/plugins/${PLUGIN_ID}/settings`;

async function call<T>(method: Method, url: string, data?: unknown, responseType?: 'text'): Promise<T> {
  try {
    const response = await lastValueFrom(
      // Errors are shown by the page that made the call, next to what failed,
      // so Grafana's global error toast is turned off.
      getBackendSrv().fetch<T>({ method, url, data, showErrorAlert: false, responseType })
    );
    return response.data;
  } catch (err) {
    throw toApiError(err);
  }
}

/** Calls the route `key` (src/api/generated/routes.ts) with its placeholders filled from `params`; `text` answers the body as text (CSV). */
function resource<T, K extends UiRouteKey>(
  key: K,
  params: RouteParams<K>,
  { query = '', data, text }: { query?: string; data?: unknown; text?: boolean } = {}
): Promise<T> {
  const { method, path } = routeRequest(key, params);
  return call<T>(method, `${RESOURCES_URL}${path}${query}`, data, text ? 'text' : undefined);
}

/** Query string of GET /incidents (with its leading `?`, or '' when there is nothing to send). */
export function incidentListQuery(filter: IncidentFilter): string {
  const q = new URLSearchParams();
  const set = (key: string, value: string | number | undefined) => {
    if (value !== undefined && value !== '') {
      q.set(key, String(value));
    }
  };
  set('status', filter.status?.join(','));
  set('severity', filter.severity?.join(','));
  set('service', filter.service?.trim());
  set('from', filter.from);
  set('to', filter.to);
  set('sort', filter.sort);
  set('order', filter.order);
  set('limit', filter.limit);
  set('offset', filter.offset);
  const s = q.toString();
  return s ? `?${s}` : '';
}

/** Query string of the insights routes: `service` repeated, `severity` a comma list (as GET /timers). */
export function insightsQuery(query: InsightsQuery, format?: 'csv'): string {
  const q = new URLSearchParams({ from: query.from, to: query.to });
  for (const service of query.services ?? []) {
    q.append('service', service);
  }
  if (query.severities?.length) {
    q.set('severity', query.severities.join(','));
  }
  q.set('groupBy', query.groupBy);
  q.set('bucket', query.bucket);
  q.set('tz', query.tz);
  if (format) {
    q.set('format', format);
  }
  return `?${q}`;
}

/** MTTx, counts and compliance of the incidents declared in [from, to), grouped and bucketed as asked. */
export function getInsights(query: InsightsQuery): Promise<InsightsReport> {
  return resource('GET /insights', {}, { query: insightsQuery(query) });
}

/** Editor+: the incidents of `query` with their times and measures, as CSV text. */
export function exportInsightIncidents(query: InsightsQuery): Promise<string> {
  return resource('GET /insights/incidents', {}, { query: insightsQuery(query, 'csv'), text: true });
}

/** Editor+: the post-mortem action items of the incidents of `query`, as CSV text. */
export function exportInsightActionItems(query: InsightsQuery): Promise<string> {
  return resource('GET /insights/action-items', {}, { query: insightsQuery(query, 'csv'), text: true });
}

export function getMe(): Promise<Me> {
  return resource('GET /me', {});
}

export function getSchedulerStatus(): Promise<SchedulerStatus> {
  return resource('GET /scheduler/status', {});
}

export function listIncidents(filter: IncidentFilter = {}): Promise<IncidentPage> {
  return resource('GET /incidents', {}, { query: incidentListQuery(filter) });
}

export function declareIncident(req: DeclareRequest): Promise<Incident> {
  return resource('POST /incidents', {}, { data: req });
}

export function getIncident(id: string): Promise<Incident> {
  return resource('GET /incidents/{id}', { id });
}

/**
 * Rejects with ApiError code `conflict` (409) when `req.version` is stale, and
 * `incident_resolved` (409) for any change to a resolved incident but a reopen.
 */
export function updateIncident(id: string, req: UpdateRequest): Promise<Incident> {
  return resource('PATCH /incidents/{id}', { id }, { data: req });
}

/** One page of the timeline after `after` (the server's default and largest page is 500 events). */
export function listEventsPage(id: string, after?: number, limit?: number): Promise<EventPage> {
  const q = new URLSearchParams();
  if (after !== undefined) {
    q.set('after', String(after));
  }
  if (limit !== undefined) {
    q.set('limit', String(limit));
  }
  const query = q.toString();
  return resource('GET /incidents/{id}/events', { id }, { query: query ? `?${query}` : '' });
}

/**
 * The whole timeline after `after`, read page by page until the server says there is no more.
 * A page that does not move forward ends the read rather than asking for it again.
 */
export async function listEvents(id: string, after?: number): Promise<EventList> {
  const items: TimelineEvent[] = [];
  let cursor = after;
  for (;;) {
    const page = await listEventsPage(id, cursor);
    const got = page.items ?? [];
    items.push(...got);
    const next = page.nextAfter ?? got[got.length - 1]?.seq;
    if (!page.hasMore || next === undefined || (cursor !== undefined && next <= cursor)) {
      return { items };
    }
    cursor = next;
  }
}

export function addNote(id: string, req: NoteRequest): Promise<TimelineEvent> {
  return resource('POST /incidents/{id}/events', { id }, { data: req });
}

/** The template `templateId` rendered from the incident; `missing` names the placeholders left to fill. */
export function getMessage(id: string, templateId: string): Promise<Message> {
  return resource('GET /incidents/{id}/messages/{templateId}', { id, templateId });
}

/** Posts an (edited) message to the timeline as a `status_update` event, also sent through `req.channels`. */
export function postStatusUpdate(id: string, req: StatusUpdateRequest): Promise<TimelineEvent> {
  return resource('POST /incidents/{id}/updates', { id }, { data: req });
}

/** The org's notification channels (names and filters; never URLs or secrets). */
export function listNotificationChannels(): Promise<ChannelList> {
  return resource('GET /notifications/channels', {});
}

export function getPostmortem(id: string): Promise<PostmortemView> {
  return resource('GET /incidents/{id}/postmortem', { id });
}

/** Editable also on a resolved incident; rejects with `conflict` when `req.version` (the incident's) is stale. */
export function savePostmortem(id: string, req: PostmortemRequest): Promise<PostmortemView> {
  return resource('PUT /incidents/{id}/postmortem', { id }, { data: req });
}

/** Suggested severity with evidence for the services named, or matched by the panel's queries and alert labels. */
export function suggestSeverity(req: EvaluateRequest): Promise<Evaluation> {
  return resource('POST /signals/evaluate', {}, { data: req });
}

/** Error-rate and latency series of the incident's catalogued services, with the policy's thresholds. */
export function getIncidentMetrics(id: string): Promise<IncidentMetrics> {
  return resource('GET /incidents/{id}/metrics', { id });
}

/** The incident's countdowns: absolute deadlines, states and the server's now. */
export function getIncidentTimers(id: string): Promise<IncidentTimers> {
  return resource('GET /incidents/{id}/timers', { id });
}

/** Query string of GET /timers: `service` repeated, `severity` as a comma list. */
export function activeTimersQuery(query: ActiveTimersQuery): string {
  const q = new URLSearchParams();
  for (const service of query.services ?? []) {
    if (service.trim() !== '') {
      q.append('service', service.trim());
    }
  }
  if (query.severities?.length) {
    q.set('severity', query.severities.join(','));
  }
  if (query.limit !== undefined) {
    q.set('limit', String(query.limit));
  }
  const s = q.toString();
  return s ? `?${s}` : '';
}

/** Active incidents of any of the services with their timers, most urgent first (the timers panel). */
export function listActiveTimers(query: ActiveTimersQuery = {}): Promise<ActiveTimers> {
  return resource('GET /timers', {}, { query: activeTimersQuery(query) });
}

/** Admin only: checks catalog and Prometheus settings before they are saved to Grafana (400 with field paths). */
export function validateSettings(jsonData: AppJsonData): Promise<{ valid: boolean }> {
  return resource('POST /settings/validate', {}, { data: { jsonData } });
}

// Set-up (Admin only): label discovery, the preview of a draft service, the connection status lines.

/** Label names of the requests metric's series over the last hour (at most 500, `truncated` past that). */
export function listPrometheusLabels(): Promise<PrometheusLabels> {
  return resource('GET /prometheus/labels', {});
}

/** Values of `name` on the requests metric's series over the last hour (at most 1000); 400 at `name` for a non-label name. */
export function listPrometheusLabelValues(name: string): Promise<PrometheusLabelValues> {
  return resource('GET /prometheus/labels/{name}/values', { name });
}

/**
 * The draft service's error rate and p99 latency over the last hour with the policy's thresholds.
 * 400 with field paths relative to the service (`selector`, `aws.region`) when it is not valid;
 * `fields` warns of a selector no series match; `reason` says why nothing could be drawn.
 */
export function previewService(service: CatalogService): Promise<ServicePreview> {
  return resource('POST /services/preview', {}, { data: { service } });
}

/** One status line per connection section of the saved settings: connected, not configured or error with why. */
export function getConfigStatus(): Promise<ConfigStatus> {
  return resource('GET /config/status', {});
}

export function listTemplates(): Promise<TemplateList> {
  return resource('GET /templates', {});
}

export function getPolicy(): Promise<Policy> {
  return resource('GET /policy', {});
}

/** Admin only; `policy.version` is the version being replaced. Answers the saved policy with the next version. */
export function savePolicy(policy: Policy): Promise<Policy> {
  return resource('PUT /policy', {}, { data: policy });
}

/** Admin only; seeds an org that has no incidents yet. */
export function loadDemoData(): Promise<DemoDataResult> {
  return resource('POST /admin/demo-data', {}, { data: {} });
}

// Diagnostics (docs/api.md "Diagnostics").

/** The incident's latest diagnostics run (null before the first) and whether there is anything to check. */
export function getDiagnostics(incidentId: string): Promise<DiagnosticsState> {
  return resource('GET /incidents/{id}/diagnostics', { id: incidentId });
}

/** Editor+; answers at once with the run (or the one still going), whose checks go on in the background. */
export function startDiagnostics(incidentId: string): Promise<DiagnosticsRun> {
  return resource('POST /incidents/{id}/diagnostics', { id: incidentId }, { data: {} });
}

/** One run with the findings so far; poll it while `state` is "running". */
export function getDiagnosticsRun(incidentId: string, runId: string): Promise<DiagnosticsRun> {
  return resource('GET /incidents/{id}/diagnostics/{runId}', { id: incidentId, runId });
}

/** Admin only, for an enabled action; `confirm` is the resource name as typed. The outcome is on the timeline too. */
export function runRemediation(incidentId: string, request: RemediationRequest): Promise<RemediationOutcome> {
  return resource('POST /incidents/{id}/remediations', { id: incidentId }, { data: request });
}

// Grafana's own API for this app's settings (used by the configuration page).

export interface AppJsonData {
  /** Folder of the SQLite database; empty means data_dir of grafana.ini's [plugin.warroom-incident-app], else plugins-data/warroom beside Grafana's plugins folder. */
  dataDir?: string;
  /** Show severities as P1–P4 or SEV1–SEV4. */
  severityLabels?: 'P' | 'SEV';
  /** Communication templates that replace the runbook's defaults, as a whole; absent means the defaults. */
  templates?: Template[];
  /** The service catalog (docs/configuration.md). */
  services?: CatalogService[];
  /** How the standard error-rate and latency queries are built. */
  queries?: { requestsMetric?: string; statusLabel?: string; durationMetric?: string; rateWindow?: string };
  /** Where the back end reads metrics: a direct URL, or a Grafana Prometheus data source by uid. */
  prometheus?: { url?: string; datasourceUid?: string; basicAuthUser?: string; timeout?: string };
  /** Period of metric re-evaluation of open incidents ("1m" default, "off"). */
  reevaluateEvery?: string;
  /** AWS auth, PostgreSQL thresholds, runbook overrides and enabled remediations of diagnostics. */
  diagnostics?: DiagnosticsJsonData;
  /** Notification channels; their URLs and HMAC secrets are secure settings (notifyUrl_<name>, notifySecret_<name>). */
  notifications?: NotificationsJsonData;
  /** How people are paged: the org's mail relay (its password and the Slack bot token are secure settings). */
  paging?: PagingJsonData;
}

/** jsonData.paging (Go settings.Paging); the SMTP password is secureJsonData.smtpPassword. */
export interface PagingJsonData {
  smtp?: {
    host?: string;
    /** 0 or absent: 25, 587 or 465 by TLS mode. */
    port?: number;
    tls?: 'none' | 'starttls' | 'tls';
    username?: string;
    /** "Warroom <warroom@example.com>" */
    from?: string;
  };
}

export interface NotificationChannel {
  name: string;
  kind: 'slack' | 'webhook';
  /** Severities the channel receives; absent means all. */
  severities?: Severity[];
  /** Message kinds the channel receives; absent means all. */
  events?: Array<'escalation' | 'update_reminder' | 'status_update'>;
}

export interface NotificationsJsonData {
  channels?: NotificationChannel[];
}

export type { RemediationAction };

export interface DiagnosticsJsonData {
  aws?: {
    authType?: 'default' | 'keys' | 'credentials' | 'ec2_iam_role';
    profile?: string;
    assumeRoleArn?: string;
    externalId?: string;
    defaultRegion?: string;
    endpoint?: string;
  };
  postgres?: { longQuery?: string; idleAge?: string };
  runbooks?: unknown[];
  remediation?: Partial<Record<RemediationAction, boolean>>;
}

/** One service of the catalog (jsonData.services[i]; Go catalog.Service). */
export type { CatalogService };

export interface AppSecureJsonData {
  postgresDsn?: string;
  prometheusPassword?: string;
  prometheusToken?: string;
  grafanaToken?: string;
  alertWebhookSecret?: string;
  awsAccessKey?: string;
  awsSecretKey?: string;
  /** Password of the paging mail relay (jsonData.paging.smtp). */
  smtpPassword?: string;
  /** Bot token of the Slack app that sends pages as direct messages. */
  slackBotToken?: string;
  /** DSN of each PostgreSQL diagnostics target the catalog names. */
  [postgresTarget: `postgres.${string}`]: string | undefined;
  /** URL of each notification channel (a Slack webhook URL is itself a credential). */
  [channelUrl: `notifyUrl_${string}`]: string | undefined;
  /** HMAC key of each webhook notification channel. */
  [channelSecret: `notifySecret_${string}`]: string | undefined;
}

export interface AppSettingsUpdate {
  enabled?: boolean;
  pinned?: boolean;
  jsonData?: AppJsonData;
  /** Only the secrets being set or cleared; omitted keys keep their stored value. */
  secureJsonData?: AppSecureJsonData;
}

/** The app's settings as Grafana stores them now; secrets only as the names of those set (`secureJsonFields`). */
export interface AppSettings {
  enabled: boolean;
  pinned: boolean;
  jsonData?: AppJsonData | null;
  secureJsonFields?: Partial<Record<string, boolean>>;
}

/** Read fresh before a page saves part of jsonData: Grafana replaces jsonData as a whole, so the rest must be sent back as it is. */
export function getAppSettings(): Promise<AppSettings> {
  return call('GET', SETTINGS_URL);
}

export function updateAppSettings(update: AppSettingsUpdate): Promise<unknown> {
  return call('POST', SETTINGS_URL, update);
}

// On call (docs/oncall.md).

export function listSchedules(): Promise<ScheduleList> {
  return resource('GET /oncall/schedules', {});
}

/** The schedule with its final shifts between `from` and `to` (RFC 3339; default the next 14 days). */
export function getSchedule(scheduleId: string, range: { from?: string; to?: string } = {}): Promise<ScheduleView> {
  const q = new URLSearchParams();
  if (range.from) {
    q.set('from', range.from);
  }
  if (range.to) {
    q.set('to', range.to);
  }
  const query = q.toString();
  return resource('GET /oncall/schedules/{scheduleId}', { scheduleId }, { query: query ? `?${query}` : '' });
}

export function createSchedule(schedule: OnCallSchedule): Promise<ScheduleView> {
  return resource('POST /oncall/schedules', {}, { data: { schedule, version: 0 } satisfies ScheduleRequest });
}

/** Rejects with ApiError code `conflict` when `version` is not the stored one. */
export function saveSchedule(schedule: OnCallSchedule, version: number): Promise<ScheduleView> {
  return resource(
    'PUT /oncall/schedules/{scheduleId}',
    { scheduleId: schedule.id },
    { data: { schedule, version } satisfies ScheduleRequest }
  );
}

export function deleteSchedule(scheduleId: string, version: number): Promise<{ deleted: string }> {
  return resource('DELETE /oncall/schedules/{scheduleId}', { scheduleId }, { query: `?version=${version}` });
}

export function importCalendar(scheduleId: string, req: ImportRequest): Promise<ImportResult> {
  return resource('POST /oncall/schedules/{scheduleId}/import', { scheduleId }, { data: req });
}

export function getIncidentOnCall(id: string): Promise<IncidentOnCall> {
  return resource('GET /incidents/{id}/oncall', { id });
}

export function listPeople(query = ''): Promise<PeopleList> {
  return resource('GET /oncall/people', {}, { query: query ? `?query=${encodeURIComponent(query)}` : '' });
}

export function listTeams(query = ''): Promise<TeamList> {
  return resource('GET /oncall/teams', {}, { query: query ? `?query=${encodeURIComponent(query)}` : '' });
}

/** `login` (Admins only) manages another person's methods; without it, the caller's own. */
function loginQuery(login?: string): string {
  return login ? `?login=${encodeURIComponent(login)}` : '';
}

export function listContactMethods(login?: string): Promise<ContactMethodList> {
  return resource('GET /oncall/contact-methods', {}, { query: loginQuery(login) });
}

export function saveContactMethod(
  methodId: string,
  req: ContactMethodRequest,
  login?: string
): Promise<ContactMethodView> {
  return resource('PUT /oncall/contact-methods/{methodId}', { methodId }, { data: req, query: loginQuery(login) });
}

export function deleteContactMethod(methodId: string, login?: string): Promise<{ deleted: string }> {
  return resource('DELETE /oncall/contact-methods/{methodId}', { methodId }, { query: loginQuery(login) });
}

export function testContactMethod(methodId: string, login?: string): Promise<TestPageResult> {
  return resource('POST /oncall/contact-methods/{methodId}/test', { methodId }, { data: {}, query: loginQuery(login) });
}

export function listFeeds(): Promise<FeedList> {
  return resource('GET /oncall/feeds', {});
}

export function createFeed(req: FeedRequest): Promise<FeedCreated> {
  return resource('POST /oncall/feeds', {}, { data: req });
}

export function revokeFeed(feedId: number): Promise<FeedView> {
  return resource('DELETE /oncall/feeds/{feedId}', { feedId: String(feedId) });
}

/** What a page's acknowledge link acknowledges (no Grafana role needed: the token decides). */
export function describeAck(token: string): Promise<AckInfo> {
  return resource('GET /ack', {}, { query: `?token=${encodeURIComponent(token)}` });
}

export function acknowledgeByLink(token: string): Promise<AckInfo> {
  return resource('POST /ack', {}, { data: { token } satisfies AckRequest });
}
