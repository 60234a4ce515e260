// The one client of the Warroom front end: every call to the plugin's back-end
// resources (docs/api.md) and to Grafana's settings API for this app goes
// through here, so paths, payload types and error parsing live in one place.
import { lastValueFrom } from 'rxjs';
import { getBackendSrv } from '@grafana/runtime';

import { PLUGIN_ID } from '../constants';
import { toApiError } from './errors';
import type {
  CatalogView,
  DeclareRequest,
  EvaluateRequest,
  Evaluation,
  IncidentMetrics,
  DemoDataResult,
  EventList,
  Incident,
  IncidentFilter,
  IncidentPage,
  Me,
  Message,
  NoteRequest,
  Policy,
  PostmortemRequest,
  PostmortemView,
  StatusUpdateRequest,
  Template,
  TemplateList,
  TimelineEvent,
  UpdateRequest,
} from './types';

const RESOURCES_URL = `/api/plugins/${PLUGIN_ID}/resources`;
const SETTINGS_URL = `/api/plugins/${PLUGIN_ID}/settings`;

type Method = 'GET' | 'POST' | 'PATCH' | 'PUT';

async function call<T>(method: Method, url: string, data?: unknown): Promise<T> {
  try {
    const response = await lastValueFrom(
      // Errors are shown by the page that made the call, next to what failed,
      // so Grafana's global error toast is turned off.
      getBackendSrv().fetch<T>({ method, url, data, showErrorAlert: false })
    );
    return response.data;
  } catch (err) {
    throw toApiError(err);
  }
}

function resource<T>(method: Method, path: string, data?: unknown): Promise<T> {
  return call<T>(method, `${RESOURCES_URL}${path}`, data);
}

function incidentPath(id: string): string {
  return `/incidents/${encodeURIComponent(id)}`;
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

export function getMe(): Promise<Me> {
  return resource('GET', '/me');
}

export function listIncidents(filter: IncidentFilter = {}): Promise<IncidentPage> {
  return resource('GET', `/incidents${incidentListQuery(filter)}`);
}

export function declareIncident(req: DeclareRequest): Promise<Incident> {
  return resource('POST', '/incidents', req);
}

export function getIncident(id: string): Promise<Incident> {
  return resource('GET', incidentPath(id));
}

/**
 * Rejects with ApiError code `conflict` (409) when `req.version` is stale, and
 * `incident_resolved` (409) for any change to a resolved incident but a reopen.
 */
export function updateIncident(id: string, req: UpdateRequest): Promise<Incident> {
  return resource('PATCH', incidentPath(id), req);
}

export function listEvents(id: string, after?: number): Promise<EventList> {
  const query = after === undefined ? '' : `?after=${after}`;
  return resource('GET', `${incidentPath(id)}/events${query}`);
}

export function addNote(id: string, req: NoteRequest): Promise<TimelineEvent> {
  return resource('POST', `${incidentPath(id)}/events`, req);
}

/** The template `templateId` rendered from the incident; `missing` names the placeholders left to fill. */
export function getMessage(id: string, templateId: string): Promise<Message> {
  return resource('GET', `${incidentPath(id)}/messages/${encodeURIComponent(templateId)}`);
}

/** Posts an (edited) message to the timeline as a `status_update` event. */
export function postStatusUpdate(id: string, req: StatusUpdateRequest): Promise<TimelineEvent> {
  return resource('POST', `${incidentPath(id)}/updates`, req);
}

export function getPostmortem(id: string): Promise<PostmortemView> {
  return resource('GET', `${incidentPath(id)}/postmortem`);
}

/** Editable also on a resolved incident; rejects with `conflict` when `req.version` (the incident's) is stale. */
export function savePostmortem(id: string, req: PostmortemRequest): Promise<PostmortemView> {
  return resource('PUT', `${incidentPath(id)}/postmortem`, req);
}

/** Suggested severity with evidence for the services named, or matched by the panel's queries and alert labels. */
export function evaluateSignals(req: EvaluateRequest): Promise<Evaluation> {
  return resource('POST', '/signals/evaluate', req);
}

/** Error-rate and latency series of the incident's catalogued services, with the policy's thresholds. */
export function getIncidentMetrics(id: string): Promise<IncidentMetrics> {
  return resource('GET', `${incidentPath(id)}/metrics`);
}

export function getCatalog(): Promise<CatalogView> {
  return resource('GET', '/catalog');
}

/** Admin only: checks catalog and Prometheus settings before they are saved to Grafana (400 with field paths). */
export function validateSettings(jsonData: AppJsonData): Promise<{ valid: boolean }> {
  return resource('POST', '/settings/validate', { jsonData });
}

export function listTemplates(): Promise<TemplateList> {
  return resource('GET', '/templates');
}

export function getPolicy(): Promise<Policy> {
  return resource('GET', '/policy');
}

/** Admin only; `policy.version` is the version being replaced. Answers the saved policy with the next version. */
export function savePolicy(policy: Policy): Promise<Policy> {
  return resource('PUT', '/policy', policy);
}

/** Admin only; seeds an org that has no incidents yet. */
export function loadDemoData(): Promise<DemoDataResult> {
  return resource('POST', '/admin/demo-data', {});
}

// Grafana's own API for this app's settings (used by the configuration page).

export interface AppJsonData {
  /** Folder of the SQLite database; empty means beside Grafana's data. */
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
}

export interface CatalogService {
  name: string;
  selector?: string;
  errorRateQuery?: string;
  latencyQuery?: string;
  healthUrl?: string;
  aws?: Record<string, string>;
  postgres?: string;
}

export interface AppSecureJsonData {
  postgresDsn?: string;
  prometheusPassword?: string;
  prometheusToken?: string;
  grafanaToken?: string;
  alertWebhookSecret?: string;
}

export interface AppSettingsUpdate {
  enabled?: boolean;
  pinned?: boolean;
  jsonData?: AppJsonData;
  /** Only the secrets being set or cleared; omitted keys keep their stored value. */
  secureJsonData?: AppSecureJsonData;
}

export function updateAppSettings(update: AppSettingsUpdate): Promise<unknown> {
  return call('POST', SETTINGS_URL, update);
}
