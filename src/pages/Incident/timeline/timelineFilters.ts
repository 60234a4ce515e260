import type { EventKind } from '../../../api/types';
import type { TimelineEntry } from '../../../annotations/notes';

/** What the timeline can be narrowed to; 'all' shows every entry, including changes no filter names. */
export type TimelineFilter = 'all' | 'notes' | 'updates' | 'escalations' | 'diagnostics' | 'deliveries';

export const FILTER_LABEL: Record<TimelineFilter, string> = {
  all: 'All',
  notes: 'Notes',
  updates: 'Status updates',
  escalations: 'Escalations',
  diagnostics: 'Diagnostics',
  deliveries: 'Deliveries',
};

// Kinds not listed here (declared, status and severity changes, steps…) show only under "All":
// they are the incident's own history, which the header already summarises.
const CATEGORY: Partial<Record<EventKind, Exclude<TimelineFilter, 'all'>>> = {
  note: 'notes',
  status_update: 'updates',
  escalation: 'escalations',
  // A reminder that an update is due is the scheduler chasing the responders, like an escalation.
  update_due: 'escalations',
  diagnostics_run: 'diagnostics',
  remediation_run: 'diagnostics',
  notification_delivered: 'deliveries',
  notification_failed: 'deliveries',
};

/** The filter an entry belongs to besides "All"; notes left on a dashboard are notes too. */
export function entryCategory(entry: TimelineEntry): Exclude<TimelineFilter, 'all'> | undefined {
  return entry.note ? 'notes' : CATEGORY[entry.event.kind];
}

/** How many entries each filter would show. */
export function countByFilter(entries: TimelineEntry[]): Record<TimelineFilter, number> {
  const counts: Record<TimelineFilter, number> = {
    all: entries.length,
    notes: 0,
    updates: 0,
    escalations: 0,
    diagnostics: 0,
    deliveries: 0,
  };
  for (const entry of entries) {
    const category = entryCategory(entry);
    if (category) {
      counts[category]++;
    }
  }
  return counts;
}

export function matchesFilter(entry: TimelineEntry, filter: TimelineFilter): boolean {
  return filter === 'all' || entryCategory(entry) === filter;
}
