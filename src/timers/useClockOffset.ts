import { useEffect } from 'react';

import { clockOffset } from './countdown';

/** Longest wait setTimeout honours (about 24.8 days); later changes are picked up by a later fetch. */
const MAX_TIMEOUT_MS = 2 ** 31 - 1;

/** An answer carrying the server's clock, stamped with the browser's clock when it arrived. */
export interface ClockedAnswer {
  now: string;
  receivedAt: number;
  nextChange?: string;
}

/** Stamps an answer with the browser's clock on arrival; call it in the fetch's `then`. */
export function received<T extends { now: string }>(answer: T): T & { receivedAt: number } {
  return { ...answer, receivedAt: Date.now() };
}

/**
 * The server-minus-browser clock offset of an answer; and a refetch scheduled
 * at `nextChange` (server time), the moment a state changes without new
 * facts (ok → warning), which only the server can compute from the policy.
 */
export function useServerClock(answer: ClockedAnswer | undefined, refetch: () => void): number {
  const offset = answer ? clockOffset(answer.now, answer.receivedAt) : 0;
  const nextChange = answer?.nextChange;
  useEffect(() => {
    if (!nextChange) {
      return;
    }
    const wait = Date.parse(nextChange) - (Date.now() + offset);
    if (Number.isNaN(wait) || wait > MAX_TIMEOUT_MS) {
      return;
    }
    // A little after the change, so the server's clock has surely passed it.
    const id = setTimeout(refetch, Math.max(0, wait) + 250);
    return () => clearTimeout(id);
  }, [nextChange, offset, refetch]);
  return offset;
}
