// The Insights page (issue 20), on a test-bed server of its own (its settings change, and its
// figures must count only this test's incidents): a history seeded through the API — incidents of
// two catalogued services and four severities, some acknowledged, some resolved — is measured in
// charts and a table; picking a service changes them; Export CSV downloads the incidents of the
// current filters, whose rows match the table. An Editor moves an incident's impact start.
// The test bed's back end has no injected clock, so the history is declared now: every incident
// falls in this week's bucket, and the charts draw the range's empty weeks around it.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

import { APIRequestContext, Locator, Page } from '@playwright/test';

import { callAt, declareViaApi, expect, signInAt, startServer, test } from './fixtures';

const INSIGHTS = '/a/warroom-incident-app/insights';
const API = '/api/plugins/warroom-incident-app/resources';
const SETTINGS = '/api/plugins/warroom-incident-app/settings';

type Incident = { id: string; version: number; severity: string; services: string[] };

/** What is declared: service, severity, and how far the response got. */
const HISTORY: Array<{ service: string; severity: string; ack: boolean; resolve: boolean }> = [
  { service: 'checkout', severity: 'P1', ack: true, resolve: true },
  { service: 'checkout', severity: 'P2', ack: true, resolve: false },
  { service: 'checkout', severity: 'P2', ack: false, resolve: false },
  { service: 'cart', severity: 'P3', ack: true, resolve: true },
  { service: 'cart', severity: 'P4', ack: false, resolve: true },
];

let server: { url: string; stop: () => Promise<void> };
let state: string;

test.beforeAll(async () => {
  state = mkdtempSync(path.join(os.tmpdir(), 'warroom-insights-'));
  server = await startServer(process.env.TESTBED_DIST!, state);
});

test.afterAll(async () => {
  await server?.stop();
  rmSync(state, { recursive: true, force: true });
});

const at = (p: string) => `${server.url}${p}`;

async function seed(request: APIRequestContext): Promise<Incident[]> {
  const incidents: Incident[] = [];
  for (const [i, h] of HISTORY.entries()) {
    let inc = await callAt<Incident>(
      request,
      'POST',
      at(`${API}/incidents`),
      { title: `Insights ${i + 1} ${h.service} ${h.severity}`, severity: h.severity, services: [h.service] },
      201
    );
    if (h.ack) {
      inc = await callAt<Incident>(request, 'PATCH', at(`${API}/incidents/${inc.id}`), {
        version: inc.version,
        completeSteps: ['acknowledge'],
      });
    }
    if (h.resolve) {
      inc = await callAt<Incident>(request, 'PATCH', at(`${API}/incidents/${inc.id}`), {
        version: inc.version,
        status: 'resolved',
        reason: 'Seeded history',
      });
    }
    incidents.push(inc);
  }
  return incidents;
}

/** The table's rows as { group: incidents } (the Total row apart). */
async function tableCounts(table: Locator): Promise<Record<string, number>> {
  const counts: Record<string, number> = {};
  for (const row of await table.locator('tbody tr').all()) {
    const group = (await row.getByRole('rowheader').textContent())!.trim();
    counts[group] = Number(await row.getByRole('cell').first().textContent());
  }
  return counts;
}

/** The data rows of a CSV whose cells hold no commas or quotes (this test's titles and services). */
function csvRows(text: string): Array<Record<string, string>> {
  const [header, ...lines] = text.trim().split(/\r?\n/);
  const names = header.split(',');
  return lines.map((line) => Object.fromEntries(line.split(',').map((cell, i) => [names[i], cell])));
}

async function pickService(page: Page, name: string) {
  const box = page.getByRole('combobox', { name: 'Service' });
  await box.click();
  await box.fill(name);
  await page.getByRole('option', { name, exact: true }).click();
}

test('the Insights page measures a seeded history; the service filter and the CSV export agree with it', async ({
  page,
  context,
  shot,
}) => {
  test.setTimeout(120_000);
  // The catalog the service filter offers (Grafana hands the app its settings at page load).
  await signInAt(context, server.url, 'Admin');
  const settings = await callAt<{ jsonData?: Record<string, unknown> }>(page.request, 'GET', at(SETTINGS));
  await callAt(page.request, 'POST', at(SETTINGS), {
    enabled: true,
    pinned: true,
    jsonData: {
      ...settings.jsonData,
      services: [
        { name: 'checkout', selector: 'service="checkout"' },
        { name: 'cart', selector: 'service="cart"' },
      ],
    },
  });

  await context.clearCookies();
  await signInAt(context, server.url, 'Editor');
  const incidents = await seed(page.request);
  // The measures read the stored records (the scheduler's projection): wait until all are counted.
  await expect
    .poll(
      async () =>
        (await callAt<{ total: { incidents: number } }>(page.request, 'GET', at(`${API}/insights?tz=UTC`))).total
          .incidents,
      { timeout: 30_000 }
    )
    .toBe(HISTORY.length);

  await page.goto(at(INSIGHTS));
  const main = page.getByRole('main');
  await expect(main.getByRole('group', { name: 'Incidents' })).toContainText(`${HISTORY.length}`);
  await expect(main.getByRole('group', { name: 'MTTA' })).toContainText('median');
  for (const chart of ['MTTA and MTTR (median) per week', 'Incidents per week']) {
    await expect(main.getByRole('figure', { name: chart }).locator('canvas').first()).toBeVisible();
  }
  const bySeverity = main.getByRole('table', { name: 'By severity' });
  await expect(bySeverity.locator('tbody tr')).toHaveCount(4);
  expect(await tableCounts(bySeverity)).toEqual({ P1: 1, P2: 2, P3: 1, P4: 1 });
  await shot('insights');

  await pickService(page, 'cart');
  await expect(main.getByRole('group', { name: 'Incidents' })).toContainText('2');
  await expect(bySeverity.locator('tbody tr')).toHaveCount(2);
  const cartCounts = await tableCounts(bySeverity);
  expect(cartCounts).toEqual({ P3: 1, P4: 1 });
  await shot('insights-cart');

  const downloading = page.waitForEvent('download', { timeout: 10_000 });
  await main.getByRole('button', { name: 'Export CSV' }).click();
  const download = await downloading;
  expect(download.suggestedFilename()).toMatch(/^warroom-incidents-\d{4}-\d{2}-\d{2}-to-\d{4}-\d{2}-\d{2}\.csv$/);
  const rows = csvRows(readFileSync(await download.path(), 'utf8'));
  // One row per incident of the table, of the service picked.
  const perSeverity: Record<string, number> = {};
  for (const row of rows) {
    perSeverity[row.severity] = (perSeverity[row.severity] ?? 0) + 1;
    expect(row.services).toBe('cart');
  }
  expect(perSeverity).toEqual(cartCounts);
  const cartIds = incidents.filter((i) => i.services.includes('cart')).map((i) => i.id);
  expect(rows.map((r) => r.id).sort()).toEqual(cartIds.sort());
});

test('an Editor moves an incident’s impact start with a reason, and the timeline says so', async ({
  page,
  as,
  shot,
}) => {
  // On the suite's server: an incident here would change the figures of the test above.
  await as('Editor', 'impact-editor');
  const inc = await declareViaApi(page.request, { title: 'Insights impact edit', severity: 'P3', services: ['cart'] });
  await page.goto(`/a/warroom-incident-app/incidents/${inc.id}`);
  const main = page.getByRole('main');
  await expect(main.getByRole('group', { name: 'Impact start' })).toContainText('(when declared)');

  await main.getByRole('button', { name: 'Edit impact start' }).click();
  const dialog = page.getByRole('dialog', { name: 'Edit impact start' });
  const start = dialog.getByLabel(/^Impact start/);
  // 15 minutes before the declaration, in the browser's zone as the field shows it.
  const shown = await start.inputValue();
  const earlier = await page.evaluate((v) => {
    const d = new Date(new Date(v).getTime() - 15 * 60_000);
    const pad = (n: number) => String(n).padStart(2, '0');
    return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}T${pad(d.getHours())}:${pad(d.getMinutes())}`;
  }, shown);
  await start.fill(earlier);
  await dialog.getByLabel(/^Reason/).fill('Cart errors began with the earlier deploy');
  await dialog.getByRole('button', { name: 'Change impact start' }).click();

  await expect(dialog).toBeHidden();
  await expect(main.getByRole('group', { name: 'Impact start' })).toContainText('(edited)');
  const timeline = main.getByRole('list', { name: 'Timeline' });
  await expect(timeline).toContainText('changed the impact start from');
  await expect(timeline).toContainText('Cart errors began with the earlier deploy');
  const saved = await callAt<{ details: { impact?: { start: string; from: string } } }>(
    page.request,
    'GET',
    `${API}/incidents/${inc.id}`
  );
  expect(saved.details.impact?.from).toBe('edited');
  expect(Date.parse(saved.details.impact!.start)).toBe(await page.evaluate((v) => new Date(v).getTime(), earlier));
  await shot('insights-impact-edited');
});
