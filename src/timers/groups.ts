// Timers that fall due at the same moment are one thing to do by one time:
// shown as one card listing their labels rather than two identical countdowns.
import type { Timer, TimerState } from '../api/types';
import { isRunning, stateAt } from './countdown';

/** Running timers sharing one deadline, or a single timer. */
export interface TimerGroup {
  /** Stable across fetches: the kinds in it. */
  key: string;
  /** "Respond by · Next update due". */
  label: string;
  timers: Timer[];
}

/** Groups running timers with the same deadline, in the order the first of each appears; others stay alone. */
export function groupByDue(timers: Timer[]): TimerGroup[] {
  const groups: Timer[][] = [];
  const byDue = new Map<number, Timer[]>();
  for (const t of timers) {
    const due = t.due ? Date.parse(t.due) : NaN;
    const shared = isRunning(t.state) && !Number.isNaN(due) ? byDue.get(due) : undefined;
    if (shared) {
      shared.push(t);
      continue;
    }
    const group = [t];
    groups.push(group);
    if (isRunning(t.state) && !Number.isNaN(due)) {
      byDue.set(due, group);
    }
  }
  return groups.map((g) => ({
    key: g.map((t) => t.kind).join('+'),
    label: g.map((t) => t.label).join(' · '),
    timers: g,
  }));
}

// Most urgent first: what a merged card shows is its most urgent member's state.
const URGENCY: TimerState[] = ['breached', 'missed', 'warning', 'ok', 'met', 'stopped'];

/** The member whose state at `nowMs` is the most urgent: the one a merged card reads as. */
export function mostUrgent(group: TimerGroup, nowMs: number): Timer {
  const rank = (t: Timer) => URGENCY.indexOf(stateAt(t, nowMs));
  return group.timers.reduce((worst, t) => (rank(t) < rank(worst) ? t : worst));
}

/** A deadline passed while its timers still run: what the page-level alert lists. */
export interface Breach {
  group: TimerGroup;
  /** How long ago the deadline passed. */
  overdueMs: number;
}

/**
 * The deadlines breached at `nowMs`, longest overdue first. The last
 * escalation tier stays "breached" for as long as it is engaged (nobody is
 * left to call): that is no call to act, so it is left out.
 */
export function breaches(timers: Timer[], nowMs: number): Breach[] {
  const owed = timers.filter((t) => !(t.kind === 'escalation' && !t.who));
  return groupByDue(owed)
    .filter((g) => g.timers.some((t) => stateAt(t, nowMs) === 'breached'))
    .map((group) => ({ group, overdueMs: nowMs - Date.parse(group.timers[0].due ?? '') }))
    .sort((a, b) => b.overdueMs - a.overdueMs);
}
