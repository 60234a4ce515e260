import { useIncidentTimers } from '../../../api/hooks';
import type { Incident } from '../../../api/types';
import { useServerClock } from '../../../timers/useClockOffset';

/**
 * The incident's timers and the server-clock offset, for every part of the
 * page that shows them: one key, so react-query fetches them once for all.
 * `eventCount` is the timeline's length: a status update or acknowledgement
 * changes the timers without a new incident version.
 */
export function useTimers(incident: Incident, eventCount: number) {
  const timers = useIncidentTimers(incident.id, `${incident.version}:${eventCount}`);
  const offset = useServerClock(timers.data, timers.reload);
  return { timers, offset };
}
