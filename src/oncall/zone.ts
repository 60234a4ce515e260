// Time zones for on-call schedules. A rotation's start is a wall-clock reading in the schedule's
// zone ("2026-01-05T09:00"), overrides and shifts are instants; people enter both as wall time in
// the schedule's zone, and read shifts in their own browser's zone as well when the two differ.

const WALL = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})$/;

const partsFormats = new Map<string, Intl.DateTimeFormat>();

/** The browser's IANA zone (the default of a new schedule). */
export function browserZone(): string {
  return Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC';
}

/** Every IANA zone the browser knows, with `current` kept even when it is not in the list (e.g. "UTC"). */
export function timeZones(current?: string): string[] {
  const all = typeof Intl.supportedValuesOf === 'function' ? Intl.supportedValuesOf('timeZone') : [];
  const zones = new Set(all);
  for (const z of [current, browserZone(), 'UTC']) {
    if (z) {
      zones.add(z);
    }
  }
  return [...zones].sort();
}

function partsFormat(zone: string): Intl.DateTimeFormat {
  let f = partsFormats.get(zone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone: zone,
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
    });
    partsFormats.set(zone, f);
  }
  return f;
}

interface Wall {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
}

function wallParts(ms: number, zone: string): Wall {
  const p: Record<string, number> = {};
  for (const part of partsFormat(zone).formatToParts(new Date(ms))) {
    if (part.type !== 'literal') {
      p[part.type] = Number(part.value);
    }
  }
  return { year: p.year, month: p.month, day: p.day, hour: p.hour % 24, minute: p.minute, second: p.second };
}

/** The zone's offset from UTC at instant `ms`, in milliseconds. */
function offsetAt(ms: number, zone: string): number {
  const w = wallParts(ms, zone);
  return Date.UTC(w.year, w.month - 1, w.day, w.hour, w.minute, w.second) - Math.floor(ms / 1000) * 1000;
}

const pad = (n: number, width = 2) => String(n).padStart(width, '0');

/** The wall-clock reading of `instant` in `zone`, as "2026-01-05T09:00" (the datetime-local format). */
export function wallOf(instant: string | number, zone: string): string {
  const ms = typeof instant === 'number' ? instant : Date.parse(instant);
  if (Number.isNaN(ms)) {
    return '';
  }
  const w = wallParts(ms, zone);
  return `${pad(w.year, 4)}-${pad(w.month)}-${pad(w.day)}T${pad(w.hour)}:${pad(w.minute)}`;
}

/**
 * The instant (RFC 3339, UTC) of wall reading `wall` in `zone`; undefined when it is not one.
 * The back end's rule (pkg/oncall/schedule/zone.go): a reading that exists twice (fall back) is its
 * first occurrence; one that does not exist (spring forward) is the first instant after the gap
 * (02:30 on a night that skips 02:00–03:00 is 03:00), so an override typed there starts where a
 * rotation's hand-off would.
 */
export function instantOf(wall: string, zone: string): string | undefined {
  const m = WALL.exec(wall);
  if (!m) {
    return undefined;
  }
  const asUtc = Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]), Number(m[4]), Number(m[5]));
  const day = 24 * 3600 * 1000;
  // The offsets in force a day either side cover any transition near the reading.
  const before = asUtc - offsetAt(asUtc - day, zone);
  const after = asUtc - offsetAt(asUtc + day, zone);
  const valid = [before, after].filter((t) => wallOf(t, zone) === wall);
  const ms = valid.length > 0 ? Math.min(...valid) : gapEnd(Math.min(before, after), Math.max(before, after), zone);
  return new Date(ms).toISOString().replace('.000Z', 'Z');
}

/**
 * The first instant after a spring-forward gap, given instants on either side of it (the reading
 * taken at the later offset lies before the jump, at the earlier offset after it): the minute at
 * which the offset changes, found by halving (a gap is at most a few hours).
 */
function gapEnd(lo: number, hi: number, zone: string): number {
  const minute = 60 * 1000;
  const start = offsetAt(lo, zone);
  while (hi - lo > minute) {
    const mid = lo + Math.floor((hi - lo) / 2 / minute) * minute;
    if (offsetAt(mid, zone) === start) {
      lo = mid;
    } else {
      hi = mid;
    }
  }
  return hi;
}

/** Whether `zone` shows `instant` at a different offset than the browser does. */
export function differsFromBrowser(instant: string, zone: string): boolean {
  const ms = Date.parse(instant);
  return !Number.isNaN(ms) && offsetAt(ms, zone) !== offsetAt(ms, browserZone());
}

const displayFormats = new Map<string, Intl.DateTimeFormat>();

/** `instant` for people: "Mon, Jan 5, 09:00" in `zone` (the browser's by default). */
export function formatInstant(instant: string, zone = browserZone()): string {
  let f = displayFormats.get(zone);
  if (!f) {
    f = new Intl.DateTimeFormat(undefined, {
      timeZone: zone,
      weekday: 'short',
      month: 'short',
      day: 'numeric',
      hour: '2-digit',
      minute: '2-digit',
    });
    displayFormats.set(zone, f);
  }
  return f.format(new Date(instant));
}

/** The day of `instant` in `zone` as a heading: "Monday, January 5". */
export function formatDay(instant: string, zone: string): string {
  return new Intl.DateTimeFormat(undefined, { timeZone: zone, weekday: 'long', month: 'long', day: 'numeric' }).format(
    new Date(instant)
  );
}

/** Adds `hours` of wall time to a wall reading (for defaults: "tonight 18:00 to 06:00"). */
export function addWallHours(wall: string, hours: number): string {
  const m = WALL.exec(wall);
  if (!m) {
    return wall;
  }
  const ms = Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]), Number(m[4]) + hours, Number(m[5]));
  return new Date(ms).toISOString().slice(0, 16);
}

/** The most recent Monday 09:00 in `zone` at or before `nowMs`: a default rotation start that is already running. */
export function lastMondayNine(nowMs: number, zone: string): string {
  const today = wallOf(nowMs, zone).slice(0, 10);
  const d = new Date(`${today}T09:00Z`);
  const back = (d.getUTCDay() + 6) % 7;
  let start = addWallHours(`${today}T09:00`, -24 * back);
  if (start > wallOf(nowMs, zone)) {
    start = addWallHours(start, -24 * 7);
  }
  return start;
}
