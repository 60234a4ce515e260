// Timeline events with their payloads typed by kind, from the generated payload types
// (src/api/generated/types.ts EventPayloads ← pkg/incident/payloads.go).
import type { EventKind, EventPayloads, TimelineEvent } from './types';

/**
 * The payload of an event of kind K. Partial: a row written before a field existed lacks it, and
 * the server sends what it stored, so readers still check values before they show them.
 */
export type EventPayload<K extends EventKind> = Partial<EventPayloads[K]>;

/** A timeline event whose `payload` type follows its `kind` (switch on `kind` to narrow it). */
export type TypedEvent = {
  [K in EventKind]: Omit<TimelineEvent, 'kind' | 'payload'> & { kind: K; payload: EventPayload<K> };
}[EventKind];

/** `event` with its payload typed by its kind; no payload reads as an empty one. */
export function typedEvent(event: TimelineEvent): TypedEvent {
  return { ...event, payload: event.payload ?? {} } as TypedEvent;
}
