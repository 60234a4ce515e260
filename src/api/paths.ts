// Resource URLs built from the generated route list (src/api/generated/routes.ts),
// so a client function can only name a route the Go router serves: a typo or a
// removed route fails the typecheck, not a user's click.
import type { UiRouteKey } from './generated/routes';

export type Method = 'GET' | 'POST' | 'PATCH' | 'PUT';

/** The `{name}` placeholders of a route path. */
type Placeholders<P extends string> = P extends `${string}{${infer Name}}${infer Rest}`
  ? Name | Placeholders<Rest>
  : never;

/** The values a route's placeholders take, e.g. `{ id: string }` for `GET /incidents/{id}`. */
export type RouteParams<K extends UiRouteKey> = K extends `${string} ${infer P}`
  ? { [Name in Placeholders<P>]: string }
  : never;

export type RouteMethod<K extends UiRouteKey> = K extends `${infer M extends Method} ${string}` ? M : never;

/** The method of `key` and its path with each placeholder filled, escaped. */
export function routeRequest<K extends UiRouteKey>(
  key: K,
  params: RouteParams<K>
): { method: RouteMethod<K>; path: string } {
  const [method, pattern] = key.split(' ', 2);
  const values = params as Record<string, string>;
  const path = pattern.replace(/\{(\w+)\}/g, (_, name: string) => encodeURIComponent(values[name]));
  return { method: method as RouteMethod<K>, path };
}
