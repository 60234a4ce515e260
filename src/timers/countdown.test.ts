import type { Timer } from '../api/types';
import { clockOffset, countdownText, formatDuration, soonestRunning, stateAt } from './countdown';

const DUE = '2026-11-29T11:00:00Z';
const at = (iso: string) => Date.parse(iso);
const timer = (overrides: Partial<Timer> = {}): Timer => ({
  kind: 'respond',
  label: 'Respond by',
  due: DUE,
  state: 'ok',
  ...overrides,
});

it.each([
  [0, '0s'],
  [9_400, '9s'],
  [60_000, '1m 00s'],
  [249_000, '4m 09s'],
  [3_900_000, '1h 05m'],
  [93_600_000, '1d 2h'],
  [-61_000, '1m 01s'],
])('formats %p ms as %p', (ms, text) => {
  expect(formatDuration(ms)).toBe(text);
});

it.each<[string, Partial<Timer>, string, string]>([
  ['ok before the deadline stays ok', { state: 'ok' }, '2026-11-29T10:59:59Z', 'ok'],
  ['a running timer is breached at its deadline', { state: 'ok' }, DUE, 'breached'],
  ['warning turns breached after the deadline', { state: 'warning' }, '2026-11-29T11:00:01Z', 'breached'],
  ['met stays met after the deadline', { state: 'met' }, '2026-11-29T12:00:00Z', 'met'],
  ['stopped stays stopped', { state: 'stopped' }, '2026-11-29T12:00:00Z', 'stopped'],
  ['a timer without deadline keeps its state', { state: 'ok', due: undefined }, '2026-11-29T12:00:00Z', 'ok'],
])('%s', (_name, overrides, now, want) => {
  expect(stateAt(timer(overrides), at(now))).toBe(want);
});

it('reads time left, time overdue, and how long every tier has been engaged', () => {
  expect(countdownText(timer(), at('2026-11-29T10:55:51Z'))).toBe('4m 09s left');
  expect(countdownText(timer(), at('2026-11-29T11:02:00Z'))).toBe('overdue by 2m 00s');
  const lastTier = timer({ kind: 'escalation', label: 'Escalated to VP/CTO', state: 'breached', due: DUE });
  expect(countdownText(lastTier, at('2026-11-29T11:30:00Z'))).toBe('for 30m 00s');
  expect(countdownText(timer({ state: 'met', detail: '5m early' }), at(DUE))).toBe('5m early');
  // Nothing to add to the state word: a stopped timer reads "Stopped", never "Stopped Stopped".
  expect(countdownText(timer({ state: 'stopped', due: undefined }), at(DUE))).toBeUndefined();
  expect(countdownText(timer({ state: 'stopped', due: DUE }), at(DUE))).toBeUndefined();
  expect(countdownText(timer({ state: 'stopped', detail: 'resolved without an acknowledgement' }), at(DUE))).toBe(
    'resolved without an acknowledgement'
  );
});

it('measures how far the server clock is ahead of the browser', () => {
  expect(clockOffset('2026-11-29T11:00:00Z', at('2026-11-29T10:59:00Z'))).toBe(60_000);
  expect(clockOffset('not a time', 5)).toBe(0);
});

describe('soonestRunning', () => {
  it('picks the running timer due first, skipping finished ones and ones without a deadline', () => {
    const timers = [
      timer({ kind: 'resolve', label: 'Resolve by', due: '2026-11-29T16:00:00Z' }),
      timer({ kind: 'respond', label: 'Respond by', due: '2026-11-29T08:30:00Z', state: 'met' }),
      timer({ kind: 'update', label: 'Next update', due: '2026-11-29T09:00:00Z', state: 'warning' }),
      timer({ kind: 'escalation', label: 'Escalates', due: undefined }),
    ];
    expect(soonestRunning(timers)?.label).toBe('Next update');
  });

  it('is undefined when nothing runs', () => {
    expect(soonestRunning([timer({ state: 'stopped' }), timer({ state: 'met' })])).toBeUndefined();
  });
});
