import type { FieldError, OnCallSchedule, ScheduleLayer, ScheduleRotation } from '../../../api/types';
import { addWallHours, instantOf, lastMondayNine, wallOf } from '../../../oncall/zone';

/** An override as edited: start and end as wall time in the schedule's zone, turned into instants on save. */
export interface OverrideDraft {
  id: string;
  user: string;
  start: string;
  end: string;
  reason: string;
}

/** The schedule as the form holds it; `toSchedule` makes the document the back end stores. */
export interface ScheduleDraft {
  id: string;
  name: string;
  timeZone: string;
  layers: ScheduleLayer[];
  overrides: OverrideDraft[];
}

export type Unit = 'hours' | 'days' | 'weeks';

/** A short random id for an override (the back end only asks that ids differ). */
export function newId(prefix: string): string {
  return `${prefix}-${Date.now().toString(36)}${Math.random().toString(36).slice(2, 6)}`;
}

/** A weekly rotation that started last Monday 09:00, so it has someone on as soon as people are added. */
export function newRotationLayer(nowMs: number, zone: string, n: number): ScheduleLayer {
  const rotation: ScheduleRotation = { participants: [], every: 1, unit: 'weeks', start: lastMondayNine(nowMs, zone) };
  return { name: `Layer ${n}`, rotation };
}

export function newDraft(nowMs: number, zone: string): ScheduleDraft {
  return { id: '', name: '', timeZone: zone, layers: [newRotationLayer(nowMs, zone, 1)], overrides: [] };
}

/** Cover from the current hour for 12 hours: the usual "I take tonight" request, adjusted from there. */
export function newOverride(nowMs: number, zone: string): OverrideDraft {
  const start = `${wallOf(nowMs, zone).slice(0, 13)}:00`;
  return { id: newId('o'), user: '', start, end: addWallHours(start, 12), reason: '' };
}

export function draftOf(s: OnCallSchedule): ScheduleDraft {
  return {
    id: s.id,
    name: s.name,
    timeZone: s.timeZone,
    layers: s.layers,
    overrides: s.overrides.map((o) => ({
      id: o.id,
      user: o.user,
      start: wallOf(o.start, s.timeZone),
      end: wallOf(o.end, s.timeZone),
      reason: o.reason ?? '',
    })),
  };
}

/**
 * The document to send, or the problems found before sending: an override's wall times that are
 * empty or unreadable (the back end would refuse the whole body, not name the field).
 */
export function toSchedule(d: ScheduleDraft): { schedule: OnCallSchedule; errors: FieldError[] } {
  const errors: FieldError[] = [];
  const overrides = d.overrides.map((o, i) => {
    const instant = (key: 'start' | 'end') => {
      const at = instantOf(o[key], d.timeZone);
      if (!at) {
        errors.push({ path: `overrides[${i}].${key}`, message: 'is required: a date and time' });
      }
      return at ?? '';
    };
    const start = instant('start');
    const end = instant('end');
    return { id: o.id, user: o.user, start, end, ...(o.reason.trim() ? { reason: o.reason.trim() } : {}) };
  });
  const layers = d.layers.map((l) =>
    l.rotation ? { name: l.name, rotation: { ...l.rotation, end: l.rotation.end || undefined } } : l
  );
  return { schedule: { id: d.id, name: d.name.trim(), timeZone: d.timeZone, layers, overrides }, errors };
}

/** The back end's paths start at the request (`schedule.layers[0]…`); the form's at the schedule. */
export function scheduleFields(fields: FieldError[]): FieldError[] {
  return fields.map((f) => ({ ...f, path: f.path.replace(/^schedule\.?/, '') }));
}

/** The DOM id of the control at `path`, so an error can move focus to it. */
export function fieldId(path: string): string {
  return `oncall-${path.replace(/[^a-zA-Z0-9]+/g, '-').replace(/-$/, '')}`;
}

/**
 * Moves focus to the control of the first error: the control at its path or, when there is
 * none (a path naming a whole layer), the nearest one above it.
 */
export function focusFirstError(fields: FieldError[], fallback?: HTMLElement | null) {
  for (const f of fields) {
    for (let path = f.path; path !== '';) {
      const el = document.getElementById(fieldId(path));
      if (el) {
        el.focus();
        return;
      }
      const up = path.replace(/(\.[^.[]+|\[\d+\])$/, '');
      path = up === path ? '' : up;
    }
  }
  fallback?.focus();
}
