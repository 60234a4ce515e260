/** Typed text as a setting: trimmed, and undefined when empty so that the back end's default applies. */
export const trimmed = (text: string) => text.trim() || undefined;

/** Drops undefined values, and the object itself when nothing is left. */
export function compact<T extends object>(o: T): T | undefined {
  const entries = Object.entries(o).filter(([, v]) => v !== undefined);
  return entries.length > 0 ? (Object.fromEntries(entries) as T) : undefined;
}
