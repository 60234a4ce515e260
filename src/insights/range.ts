/** The ranges the Insights page offers, in days back from today. */
export const RANGE_DAYS = [30, 90, 365] as const;
export type RangeDays = (typeof RANGE_DAYS)[number];

/**
 * The last `days` calendar days, today included, from local midnight to the next one in the
 * browser's zone (the zone the page sends as `tz`, so the weekly buckets start where the range does).
 * Whole days: the query stays the same all day, and an incident declared a moment ago is in it.
 */
export function lastDays(days: RangeDays, now: Date): { from: string; to: string } {
  const from = new Date(now.getFullYear(), now.getMonth(), now.getDate() - days + 1);
  const to = new Date(now.getFullYear(), now.getMonth(), now.getDate() + 1);
  return { from: from.toISOString(), to: to.toISOString() };
}

/** The browser's IANA time zone ("Europe/Berlin"); UTC where the browser does not say. */
export function browserZone(): string {
  return Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC';
}
