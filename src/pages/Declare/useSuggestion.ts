import { useEffect, useMemo, useState } from 'react';
import { keepPreviousData, useQuery } from '@tanstack/react-query';

import { suggestSeverity } from '../../api/client';
import { type ApiError, toApiError } from '../../api/errors';
import { queryKeys } from '../../api/queryKeys';
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
 * again whenever the declarer changes the services.
 */
export function useSuggestion(prefill: DeclarePrefill, services: string[]): Suggestion {
  const [asked, setAsked] = useState<string[]>([]);
  const suggestion = useQuery({
    queryKey: queryKeys.suggestion([prefill, [...asked].sort()]),
    queryFn: () =>
      suggestSeverity({
        services: asked.length > 0 ? asked : undefined,
        exprs: prefill.exprs.length > 0 ? prefill.exprs : undefined,
        labels: Object.keys(prefill.alertLabels).length > 0 ? prefill.alertLabels : undefined,
        from: prefill.from,
        to: prefill.to,
      }),
    placeholderData: keepPreviousData,
  });
  // The services the back end answered for (catalogued or not) count as evaluated, so filling them
  // into the form asks nothing more.
  const answered = suggestion.data;
  const evaluated = useMemo(
    () => (suggestion.isPlaceholderData || !answered ? asked : [...answered.services, ...answered.uncatalogued]),
    [suggestion.isPlaceholderData, answered, asked]
  );
  const first = suggestion.isPending;

  useEffect(() => {
    if (first || sameSet(services, evaluated)) {
      return;
    }
    // Typing services one by one should not send a request per keystroke-added tag.
    const timer = setTimeout(() => setAsked(services), 400);
    return () => clearTimeout(timer);
  }, [services, evaluated, first]);

  if (suggestion.isError) {
    return { loading: suggestion.isFetching, error: toApiError(suggestion.error) };
  }
  return { loading: suggestion.isFetching, evaluation: suggestion.data };
}
