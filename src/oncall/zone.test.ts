import { addWallHours, differsFromBrowser, instantOf, lastMondayNine, timeZones, wallOf } from './zone';
import { slugOf } from './slug';

it('turns wall readings into instants and back in a zone', () => {
  expect(instantOf('2026-01-05T09:00', 'Europe/Berlin')).toBe('2026-01-05T08:00:00Z');
  expect(instantOf('2026-07-05T09:00', 'Europe/Berlin')).toBe('2026-07-05T07:00:00Z');
  expect(wallOf('2026-07-05T07:00:00Z', 'Europe/Berlin')).toBe('2026-07-05T09:00');
  expect(instantOf('2026-01-05 09:00', 'UTC')).toBeUndefined();
});

it('reads a fall-back hour as its first occurrence, as the back end does', () => {
  // 02:30 happens twice in Berlin on 2026-10-25: first at +02:00.
  expect(instantOf('2026-10-25T02:30', 'Europe/Berlin')).toBe('2026-10-25T00:30:00Z');
});

it('reads a time the clocks skip as the first instant after the gap, as the back end does', () => {
  // 02:30 does not exist in Berlin on 2026-03-29 (02:00 → 03:00 CEST): 03:00 CEST is 01:00Z.
  expect(instantOf('2026-03-29T02:30', 'Europe/Berlin')).toBe('2026-03-29T01:00:00Z');
  expect(instantOf('2026-03-29T02:00', 'Europe/Berlin')).toBe('2026-03-29T01:00:00Z');
  // New York skips 02:00–03:00 on 2026-03-08: 03:00 EDT is 07:00Z.
  expect(instantOf('2026-03-08T02:30', 'America/New_York')).toBe('2026-03-08T07:00:00Z');
  // Lord Howe skips half an hour (02:00 → 02:30) on 2026-10-04: 02:30 +11:00 is 15:30Z the day before.
  expect(instantOf('2026-10-04T02:10', 'Australia/Lord_Howe')).toBe('2026-10-03T15:30:00Z');
});

it('says when a zone shows a time differently than the browser (UTC in jest)', () => {
  expect(differsFromBrowser('2026-01-05T08:00:00Z', 'Europe/Berlin')).toBe(true);
  expect(differsFromBrowser('2026-01-05T08:00:00Z', 'Europe/London')).toBe(false);
});

it('defaults a rotation to the last Monday 09:00 and adds wall hours', () => {
  // 2026-11-29 is a Sunday.
  expect(lastMondayNine(Date.parse('2026-11-29T08:10:00Z'), 'UTC')).toBe('2026-11-23T09:00');
  expect(lastMondayNine(Date.parse('2026-11-30T08:10:00Z'), 'UTC')).toBe('2026-11-23T09:00');
  expect(lastMondayNine(Date.parse('2026-11-30T09:10:00Z'), 'UTC')).toBe('2026-11-30T09:00');
  expect(addWallHours('2026-11-29T18:00', 12)).toBe('2026-11-30T06:00');
});

it('lists IANA zones with the one in use', () => {
  expect(timeZones('Mars/Olympus')).toEqual(expect.arrayContaining(['Europe/Berlin', 'Mars/Olympus', 'UTC']));
});

it('derives a slug from a name', () => {
  expect(slugOf('  Payments – Primary (EU) ')).toBe('payments-primary-eu');
  expect(slugOf('Café on-call')).toBe('cafe-on-call');
});
