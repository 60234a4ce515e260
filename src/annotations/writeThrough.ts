// Write-through of an incident's events to the dashboard and panel it was declared from, as
// Grafana annotations. Idempotent: each annotation carries a tag naming exactly what it records
// (eventTag, durationTag) and is looked up by that tag before it is created, so replaying an
// event, reloading the page or syncing twice never duplicates it. Syncs of one incident run one
// after another in this browser (queue below). Two users syncing the same new event at the same
// instant can both create it (Grafana's API has no conditional create), so a sync that created
// something reads again and every browser keeps only the lowest id of each tag (dedupe below):
// both converge on the same single annotation.
import { typedEvent } from '../api/events';
import type { Incident, TimelineEvent } from '../api/types';
import { describeEvent } from '../incident/timelineText';
import {
  createAnnotation,
  deleteAnnotation,
  findAnnotations,
  patchAnnotation,
  type GrafanaAnnotation,
  type NewAnnotation,
} from './grafanaAnnotations';

/** Tag of the annotation recording one timeline event. */
export const eventTag = (incidentId: string, seq: number) => `warroom-event:${incidentId}:${seq}`;
/** Tag of the region recording an incident's duration. */
export const durationTag = (incidentId: string) => `warroom-duration:${incidentId}`;
/** Tags Warroom's own annotations carry; a note without them was written by a person. */
export const isWarroomAnnotation = (tags: string[]) =>
  tags.some((t) => t.startsWith('warroom-event:') || t.startsWith('warroom-duration:'));

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
  const base = ['warroom', incident.id, incident.severity];
  const created = epoch(incident.createdAt);
  return {
    region: {
      dashboardUID: dashboardUid,
      panelId,
      time: created,
      // Open: a point at the declaration; resolution moves its end (a region from then on).
      timeEnd: incident.resolvedAt ? epoch(incident.resolvedAt) : created,
      text: `${incident.id} ${incident.severity}: ${incident.title}`,
      tags: [...base, durationTag(incident.id)],
    },
    events: events.filter(isAnnotated).map((e) => ({
      seq: e.seq,
      annotation: {
        dashboardUID: dashboardUid,
        panelId,
        time: epoch(e.at),
        text: `${incident.id}: ${e.author} ${describeEvent(e)}`,
        tags: [...base, eventTag(incident.id, e.seq)],
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

/** The tag saying what an annotation records (one per event, one for the region). */
const identityTag = (tags: string[]) =>
  tags.find((t) => t.startsWith('warroom-event:') || t.startsWith('warroom-duration:'));

/** Deletes all but the lowest id of each identity tag; the same choice in every browser. */
async function dedupe(rows: GrafanaAnnotation[]): Promise<number> {
  const keep = new Map<string, number>();
  for (const a of rows) {
    const tag = identityTag(a.tags);
    if (tag && (!keep.has(tag) || a.id < keep.get(tag)!)) {
      keep.set(tag, a.id);
    }
  }
  let removed = 0;
  for (const a of rows) {
    const tag = identityTag(a.tags);
    if (tag && keep.get(tag) !== a.id) {
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
  // One read of what Warroom already wrote for this incident on that dashboard.
  const find = () =>
    findAnnotations({ tags: ['warroom', incident.id], dashboardUID, limit: 1000 }).catch((err: unknown) => {
      if (isUnknownDashboard(err)) {
        unknownDashboards.add(dashboardUID);
        throw new UnknownDashboardError(dashboardUID);
      }
      throw err;
    });
  const existing = await find();
  result.removed += await dedupe(existing);
  const byTag = new Map<string, (typeof existing)[number]>();
  for (const a of existing) {
    for (const t of a.tags) {
      byTag.set(t, a);
    }
  }
  const region = byTag.get(durationTag(incident.id));
  if (!region) {
    await createAnnotation(plan.region);
    result.created++;
  } else {
    // The region follows the incident: its end (resolved, reopened) and its severity tag.
    const patch: { timeEnd?: number; tags?: string[] } = {};
    if (region.timeEnd !== plan.region.timeEnd) {
      patch.timeEnd = plan.region.timeEnd;
    }
    if (region.tags.join('\n') !== plan.region.tags.join('\n')) {
      patch.tags = plan.region.tags;
    }
    if (Object.keys(patch).length > 0) {
      await patchAnnotation(region.id, patch);
      result.patched++;
    }
  }
  for (const { seq, annotation } of plan.events) {
    if (!byTag.has(eventTag(incident.id, seq))) {
      await createAnnotation(annotation);
      result.created++;
    }
  }
  if (result.created > 0) {
    result.removed += await dedupe(await find());
  }
  return result;
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
