import { useCallback, useEffect, useRef, useState } from 'react';

import { getDiagnostics, getDiagnosticsRun, startDiagnostics } from '../api/client';
import { type ApiError, toApiError } from '../api/errors';
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
  const [state, setState] = useState<DiagnosticsState>();
  const [run, setRun] = useState<DiagnosticsRun>();
  const [loadError, setLoadError] = useState<ApiError>();
  const [runError, setRunError] = useState<ApiError>();
  const [starting, setStarting] = useState(false);
  const [nonce, setNonce] = useState(0);
  const finished = useRef(onFinished);
  useEffect(() => {
    finished.current = onFinished;
  }, [onFinished]);

  useEffect(() => {
    let current = true;
    getDiagnostics(incidentId).then(
      (s) => {
        if (current) {
          setState(s);
          setRun(s.run ?? undefined);
          setLoadError(undefined);
        }
      },
      (err: unknown) => current && setLoadError(toApiError(err))
    );
    return () => {
      current = false;
    };
  }, [incidentId, nonce]);

  const running = run?.state === 'running';
  const runId = run?.id;
  useEffect(() => {
    if (!running || !runId) {
      return;
    }
    let current = true;
    const timer = setTimeout(() => {
      getDiagnosticsRun(incidentId, runId).then(
        (next) => {
          if (!current) {
            return;
          }
          setRun(next);
          setRunError(undefined);
          if (next.state !== 'running') {
            finished.current();
          }
        },
        (err: unknown) => {
          if (current) {
            setRunError(toApiError(err));
            // Keep polling: a transient error must not freeze the progress.
            setRun((r) => (r ? { ...r } : r));
          }
        }
      );
    }, POLL_MS);
    return () => {
      current = false;
      clearTimeout(timer);
    };
  }, [incidentId, running, runId, run]);

  const start = useCallback(() => {
    setStarting(true);
    setRunError(undefined);
    startDiagnostics(incidentId).then(
      (r) => {
        setRun(r);
        setStarting(false);
      },
      (err: unknown) => {
        setRunError(toApiError(err));
        setStarting(false);
      }
    );
  }, [incidentId]);

  const reload = useCallback(() => setNonce((n) => n + 1), []);
  return { state, run, loadError, runError, starting, start, reload };
}
