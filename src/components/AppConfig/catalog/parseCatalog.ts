import type { CatalogService } from '../../../api/client';

/** The catalog text as services (undefined when empty), or why it cannot be read. */
export function parseCatalog(text: string): { services?: CatalogService[] } | { error: string } {
  if (text.trim() === '') {
    return {};
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (err) {
    return { error: `not valid JSON: ${err instanceof Error ? err.message : String(err)}` };
  }
  if (!Array.isArray(parsed) || parsed.some((s) => typeof s !== 'object' || s === null || Array.isArray(s))) {
    return { error: 'must be a JSON array of services, such as [{"name": "checkout", "selector": "…"}]' };
  }
  return { services: parsed.length > 0 ? (parsed as CatalogService[]) : undefined };
}
