import { of, throwError } from 'rxjs';

import type { TimelineEvent } from '../api/types';
import { anIncident } from '../testing/fixtures';
import { mergeNotes } from './notes';
import {
  durationRecord,
  eventRecord,
  isWarroomAnnotation,
  plannedAnnotations,
  syncAnnotations,
  UnknownDashboardError,
} from './writeThrough';

// A hand-written stand-in for Grafana's annotations API: jest has no Grafana to call. The test bed
// (testbed/server/annotations*.go) and testbed/e2e/tests/annotations.spec.ts exercise the real
// HTTP contract; this checks the sync's decisions (what is created, patched or left alone).
interface Row {
  id: number;
  time: number;
  timeEnd: number;
  text: string;
  tags: string[];
  data?: Record<string, unknown>;
  dashboardUID: string;
  panelId?: number;
}
const rows: Row[] = [];
const calls: string[] = [];

jest.mock('@grafana/runtime', () => ({
  getBackendSrv: () => ({
    fetch: (req: { method: string; url: string; data?: any; params?: any }) => {
      calls.push(`${req.method} ${req.url}`);
      if (req.method === 'GET') {
        if (req.params.dashboardUID === 'deleted-dashboard') {
          // Grafana's GetAnnotations looks the dashboard up first.
          return throwError(() => ({ status: 400, data: { message: 'Invalid dashboard UID in annotation request' } }));
        }
        const tags: string[] = req.params.tags;
        const found = rows.filter(
          (r) =>
            tags.every((t) => r.tags.includes(t)) &&
            (!req.params.dashboardUID || r.dashboardUID === req.params.dashboardUID) &&
            // Grafana's range: only with both ends, and an overlap.
            (!(req.params.from && req.params.to) || (r.time <= req.params.to && r.timeEnd >= req.params.from))
        );
        return of({ data: found });
      }
      if (req.method === 'POST') {
        const row = { id: rows.length + 1, timeEnd: req.data.time, ...req.data };
        rows.push(row);
        return of({ data: { id: row.id } });
      }
      const id = Number(req.url.split('/').pop());
      if (req.method === 'DELETE') {
        rows.splice(
          rows.findIndex((r) => r.id === id),
          1
        );
        return of({ data: {} });
      }
      Object.assign(
        rows.find((r) => r.id === id)!,
        req.data
      );
      return of({ data: {} });
    },
  }),
}));

const ev = (seq: number, kind: string, at: string, payload?: Record<string, unknown>): TimelineEvent =>
  ({ orgId: 1, incidentId: 'INC-2026-11-29-001', seq, kind, author: 'alice', at, payload }) as TimelineEvent;

const fromPanel = anIncident({
  details: { ...anIncident().details, links: { dashboardUid: 'checkout', panelId: 2 } },
});
const declared = [
  ev(1, 'declared', '2026-11-29T08:00:00Z'),
  ev(2, 'note', '2026-11-29T08:01:00Z', { text: 'looking' }),
  ev(3, 'step_completed', '2026-11-29T08:02:00Z', { step: 'acknowledge' }),
];

beforeEach(() => {
  rows.length = 0;
  calls.length = 0;
});

test('an incident not declared from a dashboard writes nothing', async () => {
  expect(plannedAnnotations(anIncident(), declared)).toBeUndefined();
  await syncAnnotations(anIncident(), declared);
  expect(calls).toEqual([]);
});

test('declare writes the open region and the marked events on the dashboard and panel, once', async () => {
  expect(await syncAnnotations(fromPanel, declared)).toEqual({ created: 3, patched: 0, removed: 0 });
  expect(rows.map((r) => [r.dashboardUID, r.panelId, r.data?.warroom, r.time === r.timeEnd])).toEqual([
    ['checkout', 2, durationRecord(fromPanel.id), true],
    ['checkout', 2, eventRecord(fromPanel.id, 1), true],
    ['checkout', 2, eventRecord(fromPanel.id, 3), true],
  ]);
  // The tooltip lists what a person filters by; the incident id starts the text instead.
  for (const r of rows) {
    expect(r.tags).toEqual(['warroom', 'P2', ...fromPanel.services]);
    expect(r.text).toMatch(new RegExp(`^${fromPanel.id}`));
  }
  // The same events again (a reload, a replay): nothing new.
  expect(await syncAnnotations(fromPanel, declared)).toEqual({ created: 0, patched: 0, removed: 0 });
  expect(rows).toHaveLength(3);
});

test('concurrent syncs of one incident do not duplicate', async () => {
  await Promise.all([syncAnnotations(fromPanel, declared), syncAnnotations(fromPanel, declared)]);
  expect(rows).toHaveLength(3);
});

test('two browsers that both created the same annotation converge on the lowest id', async () => {
  // What a race between two users leaves: each browser created the declared marker once.
  await syncAnnotations(fromPanel, declared);
  const twin = { ...rows[1], id: 99 };
  rows.push(twin);
  expect(await syncAnnotations(fromPanel, declared)).toEqual({ created: 0, patched: 0, removed: 1 });
  expect(rows.map((r) => r.id)).toEqual([1, 2, 3]);
  expect(calls).toContain('DELETE /api/annotations/99');
});

test('resolution closes the region at the resolution time', async () => {
  await syncAnnotations(fromPanel, declared);
  const resolved = { ...fromPanel, status: 'resolved' as const, resolvedAt: '2026-11-29T09:30:00Z', version: 2 };
  const events = [...declared, ev(4, 'status_changed', '2026-11-29T09:30:00Z', { from: 'monitoring', to: 'resolved' })];
  expect(await syncAnnotations(resolved, events)).toEqual({ created: 1, patched: 1, removed: 0 });
  expect(rows[0].timeEnd).toBe(Date.parse('2026-11-29T09:30:00Z'));
  expect(calls.filter((c) => c.startsWith('PATCH'))).toEqual(['PATCH /api/annotations/1']);
});

test('a severity change re-tags the region and adds its marker', async () => {
  await syncAnnotations(fromPanel, declared);
  const escalated = { ...fromPanel, severity: 'P1' as const, version: 2 };
  const events = [...declared, ev(4, 'severity_changed', '2026-11-29T08:10:00Z', { from: 'P2', to: 'P1' })];
  expect(await syncAnnotations(escalated, events)).toEqual({ created: 1, patched: 1, removed: 0 });
  expect(rows[0].tags).toEqual(['warroom', 'P1', ...fromPanel.services]);
  // The declared marker keeps the severity it was declared at.
  expect(rows[1].tags).toEqual(['warroom', 'P2', ...fromPanel.services]);
  expect(await syncAnnotations(escalated, events)).toEqual({ created: 0, patched: 0, removed: 0 });
});

test('another incident’s annotations on the same dashboard are neither matched nor touched', async () => {
  const other = { ...fromPanel, id: 'INC-2026-11-29-002' };
  await syncAnnotations(other, declared);
  expect(await syncAnnotations(fromPanel, declared)).toEqual({ created: 3, patched: 0, removed: 0 });
  expect(rows).toHaveLength(6);
});

test('annotations written with the old identity tags are moved to the new shape, not duplicated', async () => {
  const old = (id: number, time: string, tag: string) => ({
    id,
    time: Date.parse(time),
    timeEnd: Date.parse(time),
    text: `${fromPanel.id}: old`,
    tags: ['warroom', fromPanel.id, 'P2', tag],
    dashboardUID: 'checkout',
    panelId: 2,
  });
  rows.push(
    old(1, fromPanel.createdAt, `warroom-duration:${fromPanel.id}`),
    old(2, '2026-11-29T08:00:00Z', `warroom-event:${fromPanel.id}:1`)
  );
  expect(isWarroomAnnotation(rows[1])).toBe(true);
  expect(await syncAnnotations(fromPanel, declared)).toEqual({ created: 1, patched: 2, removed: 0 });
  expect(rows.map((r) => [r.id, r.tags, r.data?.warroom])).toEqual([
    [1, ['warroom', 'P2', ...fromPanel.services], durationRecord(fromPanel.id)],
    [2, ['warroom', 'P2', ...fromPanel.services], eventRecord(fromPanel.id, 1)],
    [3, ['warroom', 'P2', ...fromPanel.services], eventRecord(fromPanel.id, 3)],
  ]);
  expect(await syncAnnotations(fromPanel, declared)).toEqual({ created: 0, patched: 0, removed: 0 });
});

test('a note a person wrote is not taken for one of Warroom’s', () => {
  expect(isWarroomAnnotation({ tags: [fromPanel.id, 'checkout'], data: {} })).toBe(false);
  expect(isWarroomAnnotation({ tags: ['warroom'], data: { warroom: durationRecord(fromPanel.id) } })).toBe(true);
});

test('an incident whose dashboard does not exist writes nothing and asks Grafana only once', async () => {
  const orphan = anIncident({
    details: { ...anIncident().details, links: { dashboardUid: 'deleted-dashboard', panelId: 2 } },
  });
  await expect(syncAnnotations(orphan, declared)).rejects.toBeInstanceOf(UnknownDashboardError);
  await expect(syncAnnotations(orphan, declared)).rejects.toThrow('"deleted-dashboard"');
  // One read answered 400; no write at all (Grafana would store it as an org-wide annotation).
  expect(calls).toEqual(['GET /api/annotations']);
  expect(rows).toHaveLength(0);
});

test('dashboard notes are merged into the timeline by time', () => {
  const notes = [
    { id: 7, at: '2026-11-29T08:01:30Z', author: 'bob', text: 'spike starts here' },
    { id: 8, at: '2026-11-29T10:00:00Z', author: 'bob', text: 'after everything' },
  ];
  expect(mergeNotes(declared, notes).map((e) => e.event?.seq ?? `note ${e.note?.id}`)).toEqual([
    1,
    2,
    'note 7',
    3,
    'note 8',
  ]);
});
