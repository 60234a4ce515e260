/**
 * The placeholders a previewed template left for the author: comms.Render writes "[name]" for each
 * value the incident could not supply and lists the names in `missing`. Only those count — not any
 * bracketed text: a template's own "[INCIDENT]" prefix and brackets the author types are meant.
 */
export function templatePlaceholders(missing: string[]): string[] {
  return missing.map((name) => `[${name}]`);
}

/** The placeholders still in the message, in the order they appear; while any is left, nothing is posted. */
export function placeholdersLeft(placeholders: string[], ...texts: string[]): string[] {
  const text = texts.join('\n');
  return placeholders.filter((p) => text.includes(p)).sort((a, b) => text.indexOf(a) - text.indexOf(b));
}

/** "Replace [symptoms] and [eta] before posting". */
export function placeholderMessage(left: string[]): string {
  const names = left.length > 1 ? `${left.slice(0, -1).join(', ')} and ${left[left.length - 1]}` : left[0];
  return `Replace ${names} before posting`;
}
