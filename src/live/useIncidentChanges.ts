// Responders on one incident see each other's changes within seconds. The back
// end runs a Grafana Live stream per incident (pkg/plugin/stream.go, channel
// plugin/warroom-incident-app/incident/<id>) that sends a frame whenever the
// incident's version or timeline grows; on any message the page refetches.
// Where Live is unavailable (disabled, websockets blocked, not connected) the
// hook polls the same two facts every POLL_MS instead.
import { useEffect, useRef } from 'react';
import { LiveChannelEventType, LiveChannelScope, type LiveChannelEvent } from '@grafana/data';
import { getGrafanaLiveSrv, type GrafanaLiveSrv } from '@grafana/runtime';
import type { Subscription } from 'rxjs';

import { getIncident, listEventsPage } from '../api/client';
import type { EventList, Incident } from '../api/types';
import { PLUGIN_ID } from '../constants';

export const POLL_MS = 5000;

/** What changes when anyone changes the incident: its version, and its last timeline entry. */
export interface IncidentMark {
  version: number;
  lastSeq: number;
}

/** Live's service, or undefined where Grafana has not set one up. */
function liveService(): GrafanaLiveSrv | undefined {
  try {
    return getGrafanaLiveSrv();
  } catch {
    return undefined;
  }
}

/**
 * Calls `onChange` when someone changes incident `id` away from `shown`, what
 * the page currently shows (undefined while it loads). Own changes count too:
 * a refetch after one's own change is harmless. `onChange` may change
 * identity every render; the latest one is called.
 */
export function useIncidentChanges(id: string, shown: IncidentMark | undefined, onChange: () => void): void {
  const latest = useRef({ onChange, shown });
  useEffect(() => {
    latest.current = { onChange, shown };
  });

  useEffect(() => {
    let stopped = false;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const changed = () => {
      if (!stopped) {
        latest.current.onChange();
      }
    };

    // Polling: one GET of the incident plus whether any event follows the last one shown
    // (a page of one: the page reloads the timeline itself, however long it grew).
    const poll = async () => {
      const known = latest.current.shown;
      if (!known) {
        return;
      }
      try {
        const [incident, events] = await Promise.all([getIncident(id), listEventsPage(id, known.lastSeq, 1)]);
        if (incident.version !== known.version || events.items.length > 0) {
          changed();
        }
      } catch {
        // The page shows its own load errors; polling just tries again.
      }
    };
    let polling = false;
    // Each switch to polling starts a new loop; a poll in flight from an older
    // loop does not schedule another.
    let loop = 0;
    const schedule = (mine: number) => {
      timer = setTimeout(async () => {
        await poll();
        if (mine === loop && polling && !stopped) {
          schedule(mine);
        }
      }, POLL_MS);
    };
    const setPolling = (on: boolean) => {
      if (on === polling) {
        return;
      }
      polling = on;
      loop++;
      clearTimeout(timer);
      if (on) {
        schedule(loop);
      }
    };

    const live = liveService();
    if (!live) {
      setPolling(true);
      return () => {
        stopped = true;
        setPolling(false);
      };
    }
    const subs: Subscription[] = [];
    let streamFailed = false;
    let connected = false;
    const update = () => setPolling(!connected || streamFailed);
    subs.push(
      live.getConnectionState().subscribe((isConnected) => {
        connected = isConnected;
        update();
      })
    );
    subs.push(
      live.getStream({ scope: LiveChannelScope.Plugin, stream: PLUGIN_ID, path: `incident/${id}` }).subscribe({
        next: (event: LiveChannelEvent<unknown>) => {
          if (event.type === LiveChannelEventType.Message) {
            changed();
          } else if (event.type === LiveChannelEventType.Status) {
            // A refused or broken subscription reports an error; a healthy one none.
            streamFailed = !!event.error;
            update();
          }
        },
        error: () => {
          streamFailed = true;
          update();
        },
      })
    );
    update();
    return () => {
      stopped = true;
      subs.forEach((s) => s.unsubscribe());
      setPolling(false);
    };
  }, [id]);
}

/** The mark of what a page shows: the incident's version and its last timeline entry. */
export function shownMark(incident: Incident | undefined, events: EventList | undefined): IncidentMark | undefined {
  if (!incident || !events) {
    return undefined;
  }
  return { version: incident.version, lastSeq: events.items.reduce((max, e) => Math.max(max, e.seq), 0) };
}
