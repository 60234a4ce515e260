import { useEffect, useRef } from 'react';
import { useMutation, useQuery } from '@tanstack/react-query';

import { getDiagnostics, getDiagnosticsRun, startDiagnostics } from '../api/client';
import { type ApiError, toApiError } from '../api/errors';
import { queryKeys } from '../api/queryKeys';
import type { DiagnosticsRun, DiagnosticsState } from '../api/types';

/** How often a running run is polled; the back end stores findings as they arrive. */
export const POLL_MS = 1000;

export interface Diagnostics {
  state?: DiagnosticsState;
  run?: DiagnosticsRun;
  loadError?: ApiError;
  /** The last start or poll failed; the run may still be going on the server. */
  runError?: ApiError;
  starting: boolean;
  start: () => void;
  reload: () => void;
}

/**
 * The incident's diagnostics: the latest run on load, a start that answers at once, and a poll every
 * second while the run is going. `onFinished` fires when a run this page watched finishes, so the timeline
 * (which gets the run's evidence) can reload.
 */
export function useDiagnostics(incidentId: string, onFinished: () => void): Diagnostics {
  const finished = useRef(onFinished);
  useEffect(() => {
    finished.current = onFinished;
  }, [onFinished]);

  const loaded = useQuery({ queryKey: queryKeys.diagnostics(incidentId), queryFn: () => getDiagnostics(incidentId) });
  const started = useMutation({ mutationFn: () => startDiagnostics(incidentId) });
  const latest = started.data ?? loaded.data?.run ?? undefined;
  const polled = useQuery({
    queryKey: queryKeys.diagnosticsRun(incidentId, latest?.id ?? ''),
    queryFn: () =>
      getDiagnosticsRun(incidentId, latest!.id).then((next) => {
        if (next.state !== 'running') {
          finished.current();
        }
        return next;
      }),
    enabled: latest?.state === 'running',
    // What the start or the load answered is fresh: the first poll comes a period later.
    initialData: latest,
    staleTime: POLL_MS,
    // A failed poll keeps the last answer (still running), so a transient error does not freeze the progress.
    refetchInterval: (query) => (query.state.data?.state === 'running' ? POLL_MS : false),
  });

  const runError = polled.error ?? started.error;
  return {
    state: loaded.data,
    run: latest && polled.data,
    loadError: loaded.error && !loaded.isFetching ? toApiError(loaded.error) : undefined,
    runError: runError ? toApiError(runError) : undefined,
    starting: started.isPending,
    start: () => started.mutate(),
    reload: () => void loaded.refetch(),
  };
}
