import { useCallback, useEffect, useState } from 'react';

import {
  getIncident,
  getIncidentMetrics,
  getIncidentTimers,
  getMe,
  getPolicy,
  getPostmortem,
  getSchedulerStatus,
  listEvents,
  listIncidents,
  listTemplates,
} from './client';
import { received } from '../timers/useClockOffset';
import { ApiError, toApiError } from './errors';
import type {
  EventList,
  Incident,
  IncidentFilter,
  IncidentMetrics,
  IncidentPage,
  IncidentTimers,
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
  error?: ApiError;
  reload: () => void;
}

interface Settled<T> {
  load: () => Promise<T>;
  nonce: number;
  data?: T;
  error?: ApiError;
}

/**
 * Runs `load` (which must be stable, e.g. from useCallback) and again on
 * reload(). Answers of superseded loads are dropped, so a slow first response
 * cannot overwrite a newer one.
 */
function useResource<T>(load: () => Promise<T>): Resource<T> {
  const [nonce, setNonce] = useState(0);
  const [settled, setSettled] = useState<Settled<T>>();

  useEffect(() => {
    let current = true;
    load().then(
      (data) => {
        if (current) {
          setSettled({ load, nonce, data });
        }
      },
      (err: unknown) => {
        if (current) {
          setSettled({ load, nonce, error: toApiError(err) });
        }
      }
    );
    return () => {
      current = false;
    };
  }, [load, nonce]);

  const reload = useCallback(() => setNonce((n) => n + 1), []);
  const loading = settled?.load !== load || settled.nonce !== nonce;
  return { data: settled?.data, loading, error: loading ? undefined : settled?.error, reload };
}

export function useIncidents(filter: IncidentFilter): Resource<IncidentPage> {
  // Callers build a new filter object each render; its JSON is what matters.
  const key = JSON.stringify(filter);
  const load = useCallback(() => listIncidents(JSON.parse(key)), [key]);
  return useResource(load);
}

export function useIncident(id: string): Resource<Incident> {
  const load = useCallback(() => getIncident(id), [id]);
  return useResource(load);
}

export function useEvents(id: string): Resource<EventList> {
  const load = useCallback(() => listEvents(id), [id]);
  return useResource(load);
}

export function useMe(): Resource<Me> {
  return useResource(getMe);
}

export function usePostmortem(id: string): Resource<PostmortemView> {
  const load = useCallback(() => getPostmortem(id), [id]);
  return useResource(load);
}

export function useTemplates(): Resource<TemplateList> {
  return useResource(listTemplates);
}

export function usePolicy(): Resource<Policy> {
  return useResource(getPolicy);
}

// Always a promise, also where a test stubs the client without this call.
const loadSchedulerStatus = async () => getSchedulerStatus();

/** The heartbeat of the back end's scheduler, for the config page. */
export function useSchedulerStatus(): Resource<SchedulerStatus> {
  return useResource(loadSchedulerStatus);
}

/** The incident's metric graphs; `version` reloads them when the incident changes (e.g. is resolved). */
export function useIncidentMetrics(id: string, version: number): Resource<IncidentMetrics> {
  const load = useCallback(() => getIncidentMetrics(id), [id, version]); // eslint-disable-line react-hooks/exhaustive-deps
  return useResource(load);
}

/**
 * The incident's timers, stamped with the browser's clock on arrival (for the
 * clock offset); a change of `refreshKey` (version, timeline length) refetches them.
 */
export function useIncidentTimers(id: string, refreshKey: string): Resource<IncidentTimers & { receivedAt: number }> {
  // eslint-disable-next-line react-hooks/exhaustive-deps
  const load = useCallback(() => getIncidentTimers(id).then(received), [id, refreshKey]);
  return useResource(load);
}
