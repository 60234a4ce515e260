import { keepPreviousData, useQuery } from '@tanstack/react-query';

import { queryKeys } from '../api/queryKeys';

import { findAnnotations } from './grafanaAnnotations';
import { isWarroomAnnotation } from './writeThrough';

/** A note a person left on a dashboard graph with the incident's id as a tag. */
export interface DashboardNote {
  id: number;
  at: string; // ISO, like timeline events
  author: string;
  text: string;
  dashboardUID?: string;
}

/**
 * Notes from the graph: annotations tagged with the incident id that Warroom did not write. They
 * are read from Grafana each time the timeline reloads rather than copied into the store: the
 * annotation stays the one record (edits and deletes on the dashboard show here), and reading it
 * with the user's session keeps Grafana's dashboard permissions in force.
 */
export function useDashboardNotes(incidentId: string, reloadKey: unknown): { notes: DashboardNote[]; error?: string } {
  const notes = useQuery({
    queryKey: queryKeys.dashboardNotes(incidentId, reloadKey),
    queryFn: () => findAnnotations({ tags: [incidentId], limit: 200 }).then(toNotes),
    placeholderData: keepPreviousData,
  });
  if (notes.isError) {
    return { notes: [], error: 'Notes from dashboards could not be loaded.' };
  }
  return { notes: notes.data ?? [] };
}

function toNotes(items: Awaited<ReturnType<typeof findAnnotations>>): DashboardNote[] {
  return items
    .filter((a) => !isWarroomAnnotation(a))
    .map((a) => ({
      id: a.id,
      at: new Date(a.time).toISOString(),
      // Grafana's anonymous user has no login: its annotations come back with login "".
      author: a.login || 'Anonymous',
      text: a.text,
      dashboardUID: a.dashboardUID,
    }));
}
