/** A `[…]` token on one line, as comms.Render writes a value the incident could not supply ("[symptoms]"). */
const TOKEN = /\[[^[\]\n]+\]/g;

/** Every distinct `[…]` token in the texts, in order of appearance. */
export function placeholderTokens(...texts: string[]): string[] {
  return [...new Set(texts.flatMap((t) => t.match(TOKEN) ?? []))];
}

/**
 * The template's placeholders still left in the message. The rule: a placeholder is a `[…]` token
 * the previewed template put in the subject or body (the back end's "[name]" for a value the incident
 * lacks, or a bracketed hint the template's author wrote); it is left while that exact token is still
 * in the text. Brackets the author typed (a link, "[EU]") are theirs and never block posting.
 */
export function placeholdersLeft(fromTemplate: string[], ...texts: string[]): string[] {
  const now = placeholderTokens(...texts);
  return fromTemplate.filter((token) => now.includes(token));
}

/** "Replace [symptoms] and [eta] before posting". */
export function placeholderMessage(left: string[]): string {
  const names = left.length > 1 ? `${left.slice(0, -1).join(', ')} and ${left[left.length - 1]}` : left[0];
  return `Replace ${names} before posting`;
}
