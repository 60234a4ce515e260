import { useCallback, useEffect, useRef, useState } from 'react';

import { evaluateSignals } from '../../api/client';
import { type ApiError, toApiError } from '../../api/errors';
import type { Evaluation } from '../../api/types';
import type { DeclarePrefill } from './prefill';

export interface Suggestion {
  loading: boolean;
  evaluation?: Evaluation;
  error?: ApiError;
}

const sameSet = (a: string[], b: string[]) =>
  a.length === b.length && [...a].sort().join('\n') === [...b].sort().join('\n');

/**
 * Asks the back end what severity the metrics justify: first for what the
 * panel or alert carried (its queries and labels find the services), then
 * again whenever the declarer changes the services. Answers of superseded
 * requests are dropped.
 */
export function useSuggestion(prefill: DeclarePrefill, services: string[]): Suggestion {
  const [state, setState] = useState<Suggestion>({ loading: true });
  const evaluated = useRef<string[] | undefined>(undefined);
  const seq = useRef(0);

  const run = useCallback(
    (chosen: string[]) => {
      const mine = ++seq.current;
      evaluated.current = chosen;
      setState((s) => ({ ...s, loading: true }));
      evaluateSignals({
        services: chosen.length > 0 ? chosen : undefined,
        exprs: prefill.exprs.length > 0 ? prefill.exprs : undefined,
        labels: Object.keys(prefill.alertLabels).length > 0 ? prefill.alertLabels : undefined,
        from: prefill.from,
        to: prefill.to,
      }).then(
        (evaluation) => {
          if (mine === seq.current) {
            // The services the back end evaluated count as evaluated, so filling them into the form asks nothing more.
            evaluated.current = evaluation.services;
            setState({ loading: false, evaluation });
          }
        },
        (err: unknown) => mine === seq.current && setState({ loading: false, error: toApiError(err) })
      );
    },
    [prefill]
  );

  useEffect(() => {
    if (evaluated.current === undefined) {
      run([]);
      return;
    }
    if (sameSet(services, evaluated.current)) {
      return;
    }
    // Typing services one by one should not send a request per keystroke-added tag.
    const timer = setTimeout(() => run(services), 400);
    return () => clearTimeout(timer);
  }, [services, run]);

  return state;
}
