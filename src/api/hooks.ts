import { keepPreviousData, type QueryKey, useQuery } from '@tanstack/react-query';

import {
  type AppSettings,
  describeAck,
  getAppSettings,
  getIncident,
  getIncidentMetrics,
  getIncidentOnCall,
  getIncidentTimers,
  getInsights,
  getMe,
  getPolicy,
  getPostmortem,
  getSchedulerStatus,
  listEvents,
  listIncidents,
  listNotificationChannels,
  listTemplates,
} from './client';
import { received } from '../timers/useClockOffset';
import { ApiError, toApiError } from './errors';
import { queryKeys } from './queryKeys';
import type {
  AckInfo,
  ChannelList,
  EventList,
  Incident,
  IncidentFilter,
  IncidentMetrics,
  IncidentOnCall,
  IncidentPage,
  IncidentTimers,
  InsightsQuery,
  InsightsReport,
  Me,
  Policy,
  PostmortemView,
  SchedulerStatus,
  TemplateList,
} from './types';

export interface Resource<T> {
  /** The last value loaded; kept while a reload is in flight so the page does not flash. */
  data?: T;
  loading: boolean;
  /** The last load's failure; cleared while a reload is in flight. */
  error?: ApiError;
  reload: () => void;
}

/** What a page reads of a TanStack query, the same for every resource. */
export function asResource<T>(query: {
  data?: T;
  error: unknown;
  isFetching: boolean;
  refetch: () => unknown;
}): Resource<T> {
  return {
    data: query.data,
    loading: query.isFetching,
    error: query.isFetching || !query.error ? undefined : toApiError(query.error),
    reload: () => void query.refetch(),
  };
}

interface Options {
  /** Reloads the resource that often while the page is visible (TanStack pauses in background tabs). */
  refreshMs?: number;
  /** How long an answer is reused by parts of the page that mount later (default 0: always asked again). */
  staleMs?: number;
  /** False until what the request depends on is known: nothing is asked before. */
  enabled?: boolean;
}

/** A query read as a Resource; the on-call hooks (oncallHooks.ts) build on it too. */
export function useResource<T>(queryKey: QueryKey, load: () => Promise<T>, o: Options = {}): Resource<T> {
  return asResource(
    useQuery({
      queryKey,
      queryFn: () => load(),
      placeholderData: keepPreviousData,
      refetchInterval: o.refreshMs,
      staleTime: o.staleMs,
      enabled: o.enabled,
    })
  );
}

export function useIncidents(filter: IncidentFilter, refreshMs?: number): Resource<IncidentPage> {
  return useResource(queryKeys.incidents(filter), () => listIncidents(filter), { refreshMs });
}

export function useIncident(id: string): Resource<Incident> {
  return useResource(queryKeys.incident(id), () => getIncident(id));
}

export function useEvents(id: string): Resource<EventList> {
  return useResource(queryKeys.events(id), () => listEvents(id));
}

/** The app's settings as Grafana stores them now (the Services page reads the catalog from them). */
export function useAppSettings(): Resource<AppSettings> {
  return useResource(queryKeys.appSettings, getAppSettings);
}

/**
 * Who is signed in: Grafana reloads the page when the user or org changes, so one answer serves the
 * page's life (without this, every control that mounts later — the commander's "Assign to me" —
 * asked again).
 */
export function useMe(): Resource<Me> {
  return useResource(queryKeys.me, getMe, { staleMs: Infinity });
}

export function usePostmortem(id: string): Resource<PostmortemView> {
  return useResource(queryKeys.postmortem(id), () => getPostmortem(id));
}

/** The Insights page's report; the previous one stays shown while a changed filter loads. */
export function useInsights(query: InsightsQuery): Resource<InsightsReport> {
  return useResource(queryKeys.insights(query), () => getInsights(query));
}

export function useTemplates(): Resource<TemplateList> {
  return useResource(queryKeys.templates, listTemplates);
}

/** The org's notification channels (names and routing, never URLs or secrets). */
export function useNotificationChannels(): Resource<ChannelList> {
  return useResource(queryKeys.notificationChannels, listNotificationChannels);
}

export function usePolicy(): Resource<Policy> {
  return useResource(queryKeys.policy, getPolicy);
}

/** The heartbeat of the back end's scheduler, for the config page. */
export function useSchedulerStatus(): Resource<SchedulerStatus> {
  return useResource(queryKeys.schedulerStatus, getSchedulerStatus);
}

/** The incident's metric graphs; `version` reloads them when the incident changes (e.g. is resolved). */
export function useIncidentMetrics(id: string, version: number): Resource<IncidentMetrics> {
  return useResource(queryKeys.metrics(id, version), () => getIncidentMetrics(id));
}

/**
 * The incident's timers, stamped with the browser's clock on arrival (for the
 * clock offset); a change of `refreshKey` (version, newest timeline seq) refetches them. Nothing is
 * asked while it is undefined (the timeline not loaded yet): asking before would answer for a key
 * the page leaves at once, a second request for the same timers.
 */
export function useIncidentTimers(
  id: string,
  refreshKey: string | undefined
): Resource<IncidentTimers & { receivedAt: number }> {
  return useResource(queryKeys.timers(id, refreshKey ?? ''), () => getIncidentTimers(id).then(received), {
    enabled: refreshKey !== undefined,
  });
}

/**
 * What an acknowledge link acknowledges. Only GET /ack: the person may be Grafana's anonymous user
 * with no role, so nothing else is asked. Never acknowledges: mail scanners open links.
 */
export function useAckLink(token: string): Resource<AckInfo> {
  return useResource(queryKeys.ackLink(token), () => describeAck(token), { enabled: token !== '' });
}

/** Who the incident's tiers reach now; `refreshKey` is the timers' (version and newest timeline seq). */
export function useIncidentOnCall(id: string, refreshKey: string | undefined): Resource<IncidentOnCall> {
  return useResource(queryKeys.onCall(id, refreshKey ?? ''), () => getIncidentOnCall(id), {
    enabled: refreshKey !== undefined,
  });
}
