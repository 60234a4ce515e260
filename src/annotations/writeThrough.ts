// Write-through of an incident's events to the dashboard and panel it was declared from, as
// Grafana annotations. Their tags are what a person reads in the tooltip and filters a dashboard
// by (`warroom`, the severity, the services); what each annotation records (the incident, and
// which event or its duration) is kept in the annotation's `data`, which Grafana stores and
// returns but never shows. Idempotent: the sync reads what exists for the incident and creates
// only what is missing, so replaying an event, reloading the page or syncing twice never
// duplicates it. Syncs of one incident run one after another in this browser (queue below). Two
// users syncing the same new event at the same instant can both create it (Grafana's API has no
// conditional create), so a sync that created something reads again and every browser keeps only
// the lowest id of each record (dedupe below): both converge on the same single annotation.
import { typedEvent } from '../api/events';
import type { Incident, TimelineEvent } from '../api/types';
import { describeEvent } from '../incident/timelineText';
import {
  createAnnotation,
  deleteAnnotation,
  findAnnotations,
  patchAnnotation,
  type AnnotationData,
  type GrafanaAnnotation,
  type NewAnnotation,
} from './grafanaAnnotations';

/** What one Warroom annotation records: an incident's duration (the region) or one of its events. */
export interface WarroomRecord {
  incidentId: string;
  record: string; // "duration" or "event:<seq>"
}

export const durationRecord = (incidentId: string): WarroomRecord => ({ incidentId, record: 'duration' });
export const eventRecord = (incidentId: string, seq: number): WarroomRecord => ({ incidentId, record: `event:${seq}` });

const key = (r: WarroomRecord) => `${r.incidentId}/${r.record}`;

// Before issue 17 the record was a tag ("warroom-event:<id>:<seq>", "warroom-duration:<id>"); such
// annotations are still recognised, and the sync moves their record into `data`.
const LEGACY_TAG = /^warroom-(?:event:(.+):(\d+)|duration:(.+))$/;

function legacyRecord(tags: string[]): WarroomRecord | undefined {
  for (const t of tags) {
    const m = t.match(LEGACY_TAG);
    if (m) {
      return m[3] !== undefined ? durationRecord(m[3]) : eventRecord(m[1], Number(m[2]));
    }
  }
  return undefined;
}

/** What a Warroom annotation records; undefined for one a person wrote. */
export function recordOf(a: { tags?: string[]; data?: AnnotationData }): WarroomRecord | undefined {
  const r = a.data?.warroom;
  if (r && typeof r.incidentId === 'string' && typeof r.record === 'string') {
    return r;
  }
  return legacyRecord(a.tags ?? []);
}

/** An annotation Warroom wrote (a note without a record was written by a person). */
export const isWarroomAnnotation = (a: { tags?: string[]; data?: AnnotationData }) => recordOf(a) !== undefined;

const STEPS_SHOWN = new Set(['acknowledge', 'mitigate']);

/** The events that become annotations: the same set as the data source's (pkg/datasource EventTitle). */
export function isAnnotated(event: TimelineEvent): boolean {
  const e = typedEvent(event);
  switch (e.kind) {
    case 'declared':
    case 'severity_changed':
    case 'status_update':
    case 'diagnostics_run':
      return true;
    case 'status_changed':
      return e.payload.to === 'resolved';
    case 'step_completed':
      return STEPS_SHOWN.has(String(e.payload.step));
    default:
      return false;
  }
}

const epoch = (iso: string) => new Date(iso).getTime();

/** What should exist on the dashboard for this incident; pure, so it is unit-tested. */
export function plannedAnnotations(
  incident: Incident,
  events: TimelineEvent[]
):
  | {
      region: NewAnnotation;
      events: Array<{ seq: number; annotation: NewAnnotation }>;
    }
  | undefined {
  const { dashboardUid, panelId } = incident.details.links ?? {};
  if (!dashboardUid) {
    return undefined;
  }
  // What a person filters a dashboard by; the incident id starts the text.
  const tags = ['warroom', incident.severity, ...incident.services];
  const created = epoch(incident.createdAt);
  return {
    region: {
      dashboardUID: dashboardUid,
      panelId,
      time: created,
      // Open: a point at the declaration; resolution moves its end (a region from then on).
      timeEnd: incident.resolvedAt ? epoch(incident.resolvedAt) : created,
      text: `${incident.id} ${incident.severity}: ${incident.title}`,
      tags,
      data: { warroom: durationRecord(incident.id) },
    },
    events: events.filter(isAnnotated).map((e) => ({
      seq: e.seq,
      annotation: {
        dashboardUID: dashboardUid,
        panelId,
        time: epoch(e.at),
        text: `${incident.id}: ${e.author} ${describeEvent(e)}`,
        tags,
        data: { warroom: eventRecord(incident.id, e.seq) },
      },
    })),
  };
}

export interface SyncResult {
  created: number;
  patched: number;
  removed: number;
}

/**
 * The dashboard an incident links to does not exist in this org (deleted, or a uid typed into a
 * declare link). Grafana answers a read filtered by an unknown dashboardUID with 400 "Invalid
 * dashboard UID in annotation request" (pkg/api/annotations.go GetAnnotations), and would store a
 * write to it as an org-wide annotation, so nothing is written for such an incident.
 */
export class UnknownDashboardError extends Error {
  constructor(readonly dashboardUID: string) {
    super(
      `The dashboard "${dashboardUID}" this incident was declared from does not exist, so no annotations are written to it.`
    );
    this.name = 'UnknownDashboardError';
  }
}

/** Dashboards Grafana said it does not have, asked once per page load rather than on every sync. */
const unknownDashboards = new Set<string>();

function isUnknownDashboard(err: unknown): boolean {
  const e = err as { status?: number; data?: { message?: string } };
  return e?.status === 400 && /dashboard/i.test(e.data?.message ?? '');
}

/** Deletes all but the lowest id of each record; the same choice in every browser. */
async function dedupe(rows: GrafanaAnnotation[]): Promise<number> {
  const keep = new Map<string, number>();
  for (const a of rows) {
    const k = key(recordOf(a)!);
    if (!keep.has(k) || a.id < keep.get(k)!) {
      keep.set(k, a.id);
    }
  }
  let removed = 0;
  for (const a of rows) {
    if (keep.get(key(recordOf(a)!)) !== a.id) {
      // Another browser may delete the same duplicate first: a failure here is not an error.
      await deleteAnnotation(a.id).then(
        () => removed++,
        () => undefined
      );
    }
  }
  return removed;
}

async function sync(incident: Incident, events: TimelineEvent[]): Promise<SyncResult> {
  const plan = plannedAnnotations(incident, events);
  const result = { created: 0, patched: 0, removed: 0 };
  if (!plan) {
    return result;
  }
  const dashboardUID = plan.region.dashboardUID;
  if (unknownDashboards.has(dashboardUID)) {
    throw new UnknownDashboardError(dashboardUID);
  }
  // One read of what Warroom already wrote for this incident on that dashboard: every Warroom
  // annotation there from the declaration on (no upper bound), kept when its record names this
  // incident.
  const find = () =>
    findAnnotations({
      tags: ['warroom'],
      dashboardUID,
      from: plan.region.time,
      to: Number.MAX_SAFE_INTEGER,
      limit: 1000,
    }).then(
      (rows) => rows.filter((a) => recordOf(a)?.incidentId === incident.id),
      (err: unknown) => {
        if (isUnknownDashboard(err)) {
          unknownDashboards.add(dashboardUID);
          throw new UnknownDashboardError(dashboardUID);
        }
        throw err;
      }
    );
  const existing = await find();
  result.removed += await dedupe(existing);
  const byRecord = new Map(existing.map((a) => [key(recordOf(a)!), a]));
  const planned = [{ annotation: plan.region, isRegion: true }, ...plan.events.map((e) => ({ ...e, isRegion: false }))];
  for (const { annotation, isRegion } of planned) {
    const found = byRecord.get(key(annotation.data!.warroom!));
    if (!found) {
      await createAnnotation(annotation);
      result.created++;
      continue;
    }
    const patch = changes(found, annotation, isRegion);
    if (patch) {
      await patchAnnotation(found.id, patch);
      result.patched++;
    }
  }
  if (result.created > 0) {
    result.removed += await dedupe(await find());
  }
  return result;
}

/**
 * What to PATCH on an existing annotation, if anything. The region follows the incident: its end
 * (resolved, reopened) and its tags (severity, services). An event's tags stay what they were when
 * it happened. One written before the record moved into `data` gets its record and today's tags.
 */
function changes(
  found: GrafanaAnnotation,
  planned: NewAnnotation,
  isRegion: boolean
): { timeEnd?: number; tags?: string[]; data?: AnnotationData } | undefined {
  const patch: { timeEnd?: number; tags?: string[]; data?: AnnotationData } = {};
  const legacy = !found.data?.warroom;
  if (isRegion && found.timeEnd !== planned.timeEnd) {
    patch.timeEnd = planned.timeEnd;
  }
  if ((isRegion || legacy) && found.tags.join('\n') !== planned.tags.join('\n')) {
    patch.tags = planned.tags;
  }
  if (legacy) {
    patch.data = { ...found.data, ...planned.data };
  }
  return Object.keys(patch).length > 0 ? patch : undefined;
}

const queues = new Map<string, Promise<unknown>>();

/**
 * Brings the dashboard's annotations in line with the incident: creates what is missing, closes
 * the region once resolved. Calls for one incident are queued, never concurrent.
 */
export function syncAnnotations(incident: Incident, events: TimelineEvent[]): Promise<SyncResult> {
  const previous = queues.get(incident.id) ?? Promise.resolve();
  const next = previous.catch(() => undefined).then(() => sync(incident, events));
  queues.set(incident.id, next);
  return next;
}
