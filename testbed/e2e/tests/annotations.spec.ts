// Incidents on dashboards (issue 7), against the default test-bed server and its two plugin
// processes (the app, and its nested data source started from datasource/plugin.json):
//  - a dashboard whose annotation query uses warroom-incidents-datasource shows a test incident's
//    events as markers at the times the timeline recorded, and its duration as a region;
//  - declaring from a panel writes annotations on that dashboard and panel through Grafana's
//    annotations API as the user; resolving closes the region; replaying the same events (the
//    page loads again, the sync runs again) creates nothing twice;
//  - a note a person adds on the dashboard with the incident's tag shows on the incident timeline.
import { APIRequestContext, Page } from '@playwright/test';

import { expect, test } from './fixtures';

const APP = '/a/warroom-incident-app';
const API = '/api/plugins/warroom-incident-app/resources';
const PANEL_MENU = 'Menu for panel with title Checkout API error rate';
const INCIDENT_URL = new RegExp(`${APP}/incidents/(INC-\\d{4}-\\d{2}-\\d{2}-\\d{3})$`);

const runTag = () => `${Date.now().toString(36)}${Math.floor(Math.random() * 1e4)}`;

type Incident = { id: string; title: string; version: number; createdAt: string; resolvedAt?: string };
type Event = { seq: number; kind: string; at: string; payload?: Record<string, unknown> };
type Annotation = {
  id: number;
  dashboardUID: string;
  panelId: number;
  time: number;
  timeEnd: number;
  tags: string[];
  text: string;
  data?: { warroom?: { incidentId: string; record: string } };
};

async function call<T>(
  request: APIRequestContext,
  method: string,
  url: string,
  data?: unknown,
  status = 200
): Promise<T> {
  const res = await request.fetch(url, { method, data, headers: { 'X-Grafana-Org-Id': '1' } });
  expect(res.status(), `${method} ${url}: ${await res.text()}`).toBe(status);
  return (await res.json()) as T;
}

/** Warroom's annotations of incident `id` on dashboard testbed: their record (in `data`) names it. */
const annotationsOf = async (request: APIRequestContext, id: string) =>
  (await call<Annotation[]>(request, 'GET', '/api/annotations?dashboardUID=testbed&tags=warroom&limit=1000')).filter(
    (a) => a.data?.warroom?.incidentId === id
  );
const recordOf = (a: Annotation) => a.data?.warroom?.record;

test('a dashboard with the incidents annotation query shows the incident’s markers at the recorded times', async ({
  page,
  as,
  shot,
}) => {
  await as('Editor', 'alice');
  const title = `E2E annotations ${runTag()}`;
  const inc = await call<Incident>(
    page.request,
    'POST',
    `${API}/incidents`,
    {
      title,
      severity: 'P2',
      services: ['checkout'],
    },
    201
  );
  await call(page.request, 'PATCH', `${API}/incidents/${inc.id}`, {
    version: inc.version,
    completeSteps: ['acknowledge'],
  });
  const events = (await call<{ items: Event[] }>(page.request, 'GET', `${API}/incidents/${inc.id}/events`)).items;
  const declared = Date.parse(events.find((e) => e.kind === 'declared')!.at);
  const acknowledged = Date.parse(events.find((e) => e.kind === 'step_completed')!.at);

  const to = Date.now() + 60_000;
  const from = to - 3600_000;
  await page.goto(`/d/warroom-incidents?from=${from}&to=${to}`);
  const layer = page.getByTestId('annotations-layer');
  await expect(layer).toBeVisible();
  const declaredItem = page.getByTestId('annotation-item').filter({ hasText: `${inc.id} Declared` });
  await expect(declaredItem).toHaveCount(1);
  // Its tags are what a person reads and filters by, not identities (issue 17 §8).
  await expect(declaredItem).toHaveText(/ — warroom, P2, checkout$/);

  // Markers sit at the event times (ms precision, as Grafana's frames carry them).
  const markerTimes = await layer
    .getByTestId('annotation-marker')
    .evaluateAll((els) => els.map((e) => Number(e.getAttribute('data-time'))));
  expect(markerTimes).toContain(declared);
  expect(markerTimes).toContain(acknowledged);
  // The open incident is a region from its declaration to now (earlier than the range's end).
  const region = layer.locator(`[data-testid="annotation-region"][data-time="${declared}"]`);
  await expect(region).toHaveCount(1);
  const end = Number(await region.getAttribute('data-time-end'));
  expect(end).toBeGreaterThanOrEqual(acknowledged);
  expect(end).toBeLessThanOrEqual(Date.now());
  // …and its markers are placed at the right x on the axis.
  const box = (await layer.boundingBox())!;
  const marker = layer.locator(`[data-testid="annotation-marker"][data-time="${declared}"]`).first();
  const x = (await marker.boundingBox())!.x - box.x;
  expect(Math.abs(x - ((declared - from) / (to - from)) * box.width)).toBeLessThan(3);
  await shot('annotations-dashboard');
});

async function declareFromPanel(page: Page, title: string): Promise<string> {
  await page.goto('/d/testbed');
  await page.getByRole('button', { name: PANEL_MENU }).click();
  await page.getByRole('menuitem', { name: 'Declare incident' }).click();
  const form = page.getByRole('main').getByRole('form', { name: 'Declare incident' });
  await form.getByLabel('Title').fill(title);
  await form.getByRole('radio', { name: 'P3' }).check({ force: true });
  const services = form.getByLabel('Affected services');
  if ((await form.getByText('checkout', { exact: true }).count()) === 0) {
    await services.fill('checkout');
    await page.getByRole('option', { name: /^checkout( |$)/ }).click();
    // The list stays open for more picks; leaving the box closes it.
    await services.press('Tab');
  }
  await form.getByRole('button', { name: 'Declare incident' }).click();
  await expect(page).toHaveURL(INCIDENT_URL);
  return page.url().match(INCIDENT_URL)![1];
}

test('declare from a panel writes annotations on that dashboard; resolve closes the region; replay adds nothing', async ({
  page,
  as,
  shot,
}) => {
  test.setTimeout(120_000);
  await as('Editor', 'alice');
  const id = await declareFromPanel(page, `E2E write-through ${runTag()}`);
  const main = page.getByRole('main');
  await expect(main.getByRole('list', { name: 'Timeline' })).toBeVisible();

  // The region (open: a point at the declaration) and the "declared" marker, on dashboard testbed, panel 2.
  await expect.poll(async () => (await annotationsOf(page.request, id)).length, { timeout: 15_000 }).toBe(2);
  let annotations = await annotationsOf(page.request, id);
  const incident = await call<Incident>(page.request, 'GET', `${API}/incidents/${id}`);
  for (const a of annotations) {
    expect(a).toMatchObject({ dashboardUID: 'testbed', panelId: 2, time: Date.parse(incident.createdAt) });
    // Tags are what a person reads in the tooltip and filters by; the incident id starts the text.
    expect(a.tags).toEqual(['warroom', 'P3', 'checkout']);
    expect(a.text.startsWith(id)).toBe(true);
  }
  const region = annotations.find((a) => recordOf(a) === 'duration')!;
  expect(region.timeEnd).toBe(region.time);
  expect(annotations.find((a) => recordOf(a) === 'event:1')?.text).toContain('declared');
  // Writing them is silent: Grafana's backendSrv would toast the API's "Annotation added" per write.
  await expect(page.getByText('Annotation added')).toHaveCount(0);

  // Resolve in the UI: the region's end moves to the resolution, a "resolved" marker is added.
  await main.getByRole('combobox', { name: 'Status' }).click();
  await page.getByRole('option', { name: 'Resolved', exact: true }).click();
  const ask = page.getByRole('dialog', { name: 'Resolve the incident' });
  await ask.getByLabel(/^Reason/).fill('Rolled back');
  await ask.getByRole('button', { name: 'Resolve' }).click();
  await expect(main.getByText('Resolved — read-only')).toBeVisible();
  const resolvedAt = Date.parse((await call<Incident>(page.request, 'GET', `${API}/incidents/${id}`)).resolvedAt!);
  await expect
    .poll(async () => (await annotationsOf(page.request, id)).find((a) => a.id === region.id)?.timeEnd, {
      timeout: 15_000,
    })
    .toBe(resolvedAt);
  await expect.poll(async () => (await annotationsOf(page.request, id)).length, { timeout: 15_000 }).toBe(3);

  // Replay: the page loads twice more and syncs the same events again; nothing is duplicated.
  for (let i = 0; i < 2; i++) {
    await page.reload();
    await expect(main.getByText('Resolved — read-only')).toBeVisible();
  }
  await page.waitForLoadState('networkidle');
  annotations = await annotationsOf(page.request, id);
  expect(annotations).toHaveLength(3);
  expect(new Set(annotations.map(recordOf))).toEqual(new Set(['duration', 'event:1', 'event:2']));
  await shot('annotations-write-through');
});

test('a note added on the dashboard with the incident’s tag shows on the incident timeline', async ({ page, as }) => {
  await as('Editor', 'bob');
  const inc = await call<Incident>(
    page.request,
    'POST',
    `${API}/incidents`,
    {
      title: `E2E notes ${runTag()}`,
      severity: 'P3',
      services: ['checkout'],
      links: { dashboardUid: 'testbed', panelId: 2 },
    },
    201
  );
  const text = `Spike starts with the 14:02 deploy ${runTag()}`;
  await call(page.request, 'POST', '/api/annotations', {
    dashboardUID: 'testbed',
    panelId: 2,
    time: Date.parse(inc.createdAt) + 1000,
    tags: [inc.id],
    text,
  });
  await page.goto(`${APP}/incidents/${inc.id}`);
  const note = page.getByRole('list', { name: 'Timeline' }).getByTestId('dashboard-note');
  await expect(note).toHaveCount(1);
  await expect(note).toContainText(text);
  await expect(note).toContainText('from dashboard');
  await expect(note).toContainText('bob');
});
