import { useIncidentTimers } from '../../../api/hooks';
import type { Incident } from '../../../api/types';
import { useServerClock } from '../../../timers/useClockOffset';

/**
 * The incident's timers and the server-clock offset, for every part of the
 * page that shows them: one key, so react-query fetches them once for all.
 * `lastSeq` is the newest timeline event's seq (undefined until the timeline is loaded): a status
 * update or acknowledgement changes the timers without a new incident version.
 */
export function useTimers(incident: Incident, lastSeq: number | undefined) {
  const timers = useIncidentTimers(incident.id, timersKey(incident, lastSeq));
  const offset = useServerClock(timers.data, timers.reload);
  return { timers, offset };
}

/** The key the page's timers are cached under; every part that shows them uses it. */
export function timersKey(incident: Incident, lastSeq: number | undefined): string | undefined {
  return lastSeq === undefined ? undefined : `${incident.version}:${lastSeq}`;
}
