/** A duration in the largest two units on-call people read at a glance: "45s", "12m", "2h 5m", "3d 4h". */
export function formatDuration(ms: number): string {
  const s = Math.max(0, Math.floor(ms / 1000));
  const d = Math.floor(s / 86400);
  const h = Math.floor((s % 86400) / 3600);
  const m = Math.floor((s % 3600) / 60);
  if (d > 0) {
    return h > 0 ? `${d}d ${h}h` : `${d}d`;
  }
  if (h > 0) {
    return m > 0 ? `${h}h ${m}m` : `${h}h`;
  }
  return m > 0 ? `${m}m` : `${s}s`;
}

/** How long an incident has run: until it was resolved, or until `now`. */
export function incidentAge(inc: { createdAt: string; resolvedAt?: string }, now: Date = new Date()): string {
  const end = inc.resolvedAt ? Date.parse(inc.resolvedAt) : now.getTime();
  return formatDuration(end - Date.parse(inc.createdAt));
}
