// Pure countdown logic shared by the incident page and the timers panel. The
// back end sends absolute deadlines with its own `now`; the browser keeps the
// offset between the two clocks and counts down locally, so an answer never
// goes stale while it is on screen and a skewed laptop clock shows the
// server's truth.
import type { Timer, TimerState } from '../api/types';

/** Milliseconds to add to Date.now() to get the server's time, measured when an answer arrived. */
export function clockOffset(serverNow: string, receivedAt: number): number {
  const server = Date.parse(serverNow);
  return Number.isNaN(server) ? 0 : server - receivedAt;
}

const RUNNING: ReadonlySet<TimerState> = new Set(['ok', 'warning', 'breached']);

export function isRunning(state: TimerState): boolean {
  return RUNNING.has(state);
}

/**
 * The state as of `nowMs` (server time): a running timer whose deadline has
 * passed is breached even before the next fetch. The ok → warning step needs
 * the policy's warning window, which the server knows; it answers the moment
 * of that change as `nextChange` and clients refetch then.
 */
export function stateAt(timer: Timer, nowMs: number): TimerState {
  if (!isRunning(timer.state) || !timer.due) {
    return timer.state;
  }
  return nowMs >= Date.parse(timer.due) ? 'breached' : timer.state;
}

/** The running timer that falls due first (a breached one first of all), or undefined when none runs. */
export function soonestRunning(timers: Timer[]): Timer | undefined {
  let soonest: Timer | undefined;
  for (const t of timers) {
    if (isRunning(t.state) && t.due && (!soonest || Date.parse(t.due) < Date.parse(soonest.due!))) {
      soonest = t;
    }
  }
  return soonest;
}

/** "1d 2h", "1h 05m", "4m 09s", "9s": the largest two units, fixed width below the hour. */
export function formatDuration(ms: number): string {
  const total = Math.floor(Math.abs(ms) / 1000);
  const days = Math.floor(total / 86400);
  const hours = Math.floor((total % 86400) / 3600);
  const minutes = Math.floor((total % 3600) / 60);
  const seconds = total % 60;
  const pad = (n: number) => String(n).padStart(2, '0');
  if (days > 0) {
    return `${days}d ${hours}h`;
  }
  if (hours > 0) {
    return `${hours}h ${pad(minutes)}m`;
  }
  if (minutes > 0) {
    return `${minutes}m ${pad(seconds)}s`;
  }
  return `${seconds}s`;
}

/**
 * What a countdown reads beside its state word at `nowMs`: time left, time
 * overdue, or how a finished timer ended; undefined when the state word says
 * it all (a "Stopped" timer with nothing more to tell is not "Stopped Stopped").
 */
export function countdownText(timer: Timer, nowMs: number): string | undefined {
  const state = stateAt(timer, nowMs);
  if (!timer.due || !isRunning(state)) {
    return timer.detail;
  }
  const left = Date.parse(timer.due) - nowMs;
  if (state !== 'breached') {
    return `${formatDuration(left)} left`;
  }
  // Past the last escalation tier nobody is left to call: say how long it has been.
  return timer.kind === 'escalation' && !timer.who
    ? `for ${formatDuration(left)}`
    : `overdue by ${formatDuration(left)}`;
}

export const STATE_LABEL: Record<TimerState, string> = {
  ok: 'On track',
  warning: 'Due soon',
  breached: 'Breached',
  met: 'Met',
  missed: 'Missed',
  stopped: 'Stopped',
};
