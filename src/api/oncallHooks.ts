import { getSchedule, listContactMethods, listFeeds, listPeople, listSchedules } from './client';
import { type Resource, useResource } from './hooks';
import { queryKeys } from './queryKeys';
import type { ContactMethodList, FeedList, PeopleList, ScheduleList, ScheduleView } from './types';

/** Every schedule with who is on call now and next; refreshed each minute, as hand-offs happen. */
export function useSchedules(): Resource<ScheduleList> {
  return useResource(queryKeys.schedules, listSchedules, { refreshMs: 60_000 });
}

/** One schedule with its final shifts of the next 14 days; nothing is asked for a new one (no id). */
export function useSchedule(id: string | undefined): Resource<ScheduleView> {
  return useResource(queryKeys.schedule(id ?? ''), () => getSchedule(id!), { enabled: !!id });
}

/** The org's people for pickers; the list changes rarely, so one answer serves a few minutes. */
export function usePeople(): Resource<PeopleList> {
  return useResource(queryKeys.people, () => listPeople(), { staleMs: 5 * 60_000 });
}

/** The signed-in person's contact methods; the anonymous user has none to ask for (enabled false). */
export function useContactMethods(enabled: boolean): Resource<ContactMethodList> {
  return useResource(queryKeys.contactMethods, () => listContactMethods(), { enabled });
}

export function useFeeds(enabled: boolean): Resource<FeedList> {
  return useResource(queryKeys.feeds, listFeeds, { enabled });
}
