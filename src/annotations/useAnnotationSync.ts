import { useEffect } from 'react';
import { useMutation, useMutationState } from '@tanstack/react-query';

import { queryKeys } from '../api/queryKeys';
import type { Incident, TimelineEvent } from '../api/types';
import { syncAnnotations, UnknownDashboardError } from './writeThrough';

/** Why the dashboard's annotations are not up to date; `gone` when the dashboard does not exist. */
export interface AnnotationSyncProblem {
  gone: boolean;
  message: string;
}

/**
 * Runs the write-through whenever the incident page has loaded a new version of the incident or
 * its timeline. Declare, resolve and every other change land on this page and reload both, so
 * this one call covers all flows; only an editor syncs (Grafana refuses viewers' writes).
 * Returns the last failure so the page can say the dashboard is behind, or that it does not exist.
 */
export function useAnnotationSync(
  incident: Incident | undefined,
  events: TimelineEvent[] | undefined,
  canWrite: boolean
) {
  const mutationKey = queryKeys.annotationSync(incident?.id);
  const { mutate } = useMutation({
    mutationKey,
    mutationFn: (args: [Incident, TimelineEvent[]]) => syncAnnotations(...args),
  });
  // The outcome of the latest sync that finished (in the order they started), so an older one
  // finishing late cannot hide a newer result, and a warning stays up while the next sync runs.
  const outcomes = useMutationState({
    filters: { mutationKey, predicate: (m) => m.state.status !== 'pending' },
    select: (m) => m.state.error,
  });
  const error = outcomes[outcomes.length - 1];
  const lastSeq = events && events.length > 0 ? events[events.length - 1].seq : 0;
  useEffect(() => {
    if (!incident || !events || !canWrite || !incident.details.links?.dashboardUid) {
      return;
    }
    mutate([incident, events]);
    // The incident's version and the last event's seq say when there is something new to write.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [incident?.id, incident?.version, lastSeq, canWrite]);
  return error ? { gone: error instanceof UnknownDashboardError, message: messageOf(error) } : undefined;
}

function messageOf(err: unknown): string {
  const e = err as { status?: number; data?: { message?: string }; message?: string };
  if (e?.status === 403) {
    return 'You may not add annotations to the dashboard this incident came from.';
  }
  return e?.data?.message ?? e?.message ?? 'unknown error';
}
