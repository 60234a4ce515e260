import type { TimelineEvent } from '../api/types';

export type { DashboardNote } from './useDashboardNotes';
import type { DashboardNote } from './useDashboardNotes';

export type TimelineEntry = { event: TimelineEvent; note?: undefined } | { note: DashboardNote; event?: undefined };

/**
 * Events in their own order (by seq) with each dashboard note placed before the first event that
 * happened after it; notes at the same instant as an event come after it.
 */
export function mergeNotes(events: TimelineEvent[], notes: DashboardNote[]): TimelineEntry[] {
  const pending = [...notes].sort((a, b) => Date.parse(a.at) - Date.parse(b.at) || a.id - b.id);
  const out: TimelineEntry[] = [];
  for (const event of events) {
    while (pending.length > 0 && Date.parse(pending[0].at) < Date.parse(event.at)) {
      out.push({ note: pending.shift()! });
    }
    out.push({ event });
  }
  return [...out, ...pending.map((note) => ({ note }))];
}
