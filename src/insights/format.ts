import type { InsightsCompliance, InsightsStat } from '../api/types';

/** A duration in seconds in words a responder reads at a glance: "45 s", "12 min", "2 h 5 min", "3 d 4 h". */
export function formatDuration(seconds: number): string {
  if (seconds < 59.5) {
    return `${Math.round(seconds)} s`;
  }
  const minutes = Math.round(seconds / 60);
  if (minutes < 60) {
    return `${minutes} min`;
  }
  if (minutes < 24 * 60) {
    const m = minutes % 60;
    return m ? `${Math.floor(minutes / 60)} h ${m} min` : `${minutes / 60} h`;
  }
  const hours = Math.round(minutes / 60);
  const h = hours % 24;
  return h ? `${Math.floor(hours / 24)} d ${h} h` : `${hours / 24} d`;
}

/** NO_DATA stands for a measure over no incidents: never "0 s", which would claim an instant response. */
export const NO_DATA = '—';

/** A stat's median or p90 as words, or NO_DATA when no incident had both times. */
export function statText(stat: InsightsStat, which: 'median' | 'p90'): string {
  return stat.n === 0 ? NO_DATA : formatDuration(stat[which]);
}

/** Met out of judged (met + breached); pending incidents are not judged yet. Undefined when none was judged. */
export function complianceRatio(c: InsightsCompliance): number | undefined {
  const judged = c.met + c.breached;
  return judged === 0 ? undefined : c.met / judged;
}

/** "92% (23 of 25)", or NO_DATA when no incident was judged against the target. */
export function complianceText(c: InsightsCompliance): string {
  const ratio = complianceRatio(c);
  if (ratio === undefined) {
    return NO_DATA;
  }
  return `${Math.floor(ratio * 100)}% (${c.met} of ${c.met + c.breached})`;
}
