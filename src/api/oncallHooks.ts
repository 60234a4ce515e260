import { getSchedule, listContactMethods, listFeeds, listPeople, listSchedules, listTeams } from './client';
import { type Resource, useResource } from './hooks';
import { queryKeys } from './queryKeys';
import type { ContactMethodList, FeedList, PeopleList, ScheduleList, ScheduleView, TeamList } from './types';

// The on-call page's and the pickers' data. People, teams and schedules change rarely: one answer
// serves a page for a minute, so every picker that mounts (one per tier, one per role) shares it.
const DIRECTORY_STALE_MS = 60_000;

/** Every schedule with who is on call now and next; refreshed each minute, as hand-offs happen. */
export function useSchedules(): Resource<ScheduleList> {
  return useResource(queryKeys.schedules, listSchedules, { refreshMs: 60_000, staleMs: DIRECTORY_STALE_MS });
}

/** One schedule with its final shifts of the next 14 days; nothing is asked for a new one (no id). */
export function useSchedule(id: string | undefined): Resource<ScheduleView> {
  return useResource(queryKeys.schedule(id ?? ''), () => getSchedule(id!), { enabled: !!id });
}

/**
 * The org's Grafana users (or the people Warroom knows), for pickers. `enabled` false asks nothing
 * yet: a picker asks when it is first focused, so a page that only shows roles pays no request.
 */
export function usePeople(enabled = true): Resource<PeopleList> {
  return useResource(queryKeys.people, () => listPeople(), { staleMs: DIRECTORY_STALE_MS, enabled });
}

/** The org's Grafana teams, for tier targets (available: false without Grafana's team API). */
export function useTeams(): Resource<TeamList> {
  return useResource(queryKeys.teams, () => listTeams(), { staleMs: DIRECTORY_STALE_MS });
}

/** The signed-in person's contact methods; the anonymous user has none to ask for (enabled false). */
export function useContactMethods(enabled: boolean): Resource<ContactMethodList> {
  return useResource(queryKeys.contactMethods, () => listContactMethods(), { enabled });
}

export function useFeeds(enabled: boolean): Resource<FeedList> {
  return useResource(queryKeys.feeds, listFeeds, { enabled });
}
