// From signal to incident in the browser, on a test-bed server of its own (its settings change):
// the synthetic "checkout" service answers 20% 5xx, a real Prometheus scrapes it, the app's catalog
// and Prometheus settings point at them, and a short test policy (sustained for 10 s) applies.
// Panel menu → declare form pre-filled with the suggested severity and its evidence → incident
// linked back to the dashboard and panel, with its metric graphs; at 1280×800 the levels' meanings
// (from the edited policy) are on screen and "Use P2" takes the suggestion. Then Prometheus
// unreachable: the suggestion says so and why, a declare without a severity is refused at the
// field, and declaring with one still works.
import { mkdtempSync } from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';

import { APIRequestContext, BrowserContext } from '@playwright/test';

import { callAt, expect, type Role, signInAt, startServer, test, waitForSuggestedSeverity } from './fixtures';

const API = '/api/plugins/warroom-incident-app/resources';
const SETTINGS = '/api/plugins/warroom-incident-app/settings';
const PANEL_MENU = 'Menu for panel with title Checkout API error rate';

let server: { url: string; stop: () => Promise<void> };

test.beforeAll(async () => {
  const dist = process.env.TESTBED_DIST;
  if (!dist) {
    throw new Error('TESTBED_DIST is set by run.sh');
  }
  server = await startServer(dist, mkdtempSync(path.join(os.tmpdir(), 'warroom-signals-')));
});

test.afterAll(async () => {
  await server?.stop();
});

const signIn = (context: BrowserContext, role: Role) => signInAt(context, server.url, role);

const call = <T>(request: APIRequestContext, method: string, url: string, data?: unknown) =>
  callAt<T>(request, method, `${server.url}${url}`, data);

/** Points the app at Prometheus (or at a dead port) with the synthetic services in the catalog. */
async function configure(request: APIRequestContext, prometheusURL: string) {
  await call(request, 'POST', SETTINGS, {
    enabled: true,
    pinned: true,
    jsonData: {
      services: [
        { name: 'checkout', selector: 'service="checkout"' },
        { name: 'cart', selector: 'service="cart"' },
      ],
      queries: { rateWindow: '5s' },
      prometheus: { url: prometheusURL, timeout: '2s' },
      reevaluateEvery: 'off',
    },
  });
}

function deadPort(): Promise<number> {
  return new Promise((resolve) => {
    const s = net.createServer().listen(0, '127.0.0.1', () => {
      const { port } = s.address() as net.AddressInfo;
      s.close(() => resolve(port));
    });
  });
}

type Level = { severity: string; meaning: string };

test('a panel opens a declare form with the severity the metrics justify, and the incident links back', async ({
  page,
  context,
  shot,
}) => {
  test.setTimeout(120_000);
  await page.setViewportSize({ width: 1280, height: 800 });
  await signIn(context, 'Admin');
  await configure(page.request, process.env.TESTBED_PROMETHEUS_URL!);
  const policy = await call<{ signals: Record<string, unknown>; levels: Level[] }>(
    page.request,
    'GET',
    `${API}/policy`
  );
  // The Admin's own words for P2, to see the form read the live policy rather than built-in text.
  const levels = policy.levels.map((l) =>
    l.severity === 'P2' ? { ...l, meaning: 'Checkout degraded for many shoppers' } : l
  );
  await call(page.request, 'PUT', `${API}/policy`, {
    ...policy,
    levels,
    signals: { ...policy.signals, sustainedFor: '10s' },
  });
  await waitForSuggestedSeverity(page.request, server.url, 'checkout', 'P2');

  await page.goto(`${server.url}/d/testbed`);
  await page.getByRole('button', { name: PANEL_MENU }).click();
  await page.getByRole('menuitem', { name: 'Declare incident' }).click();
  await expect(page).toHaveURL(/\/a\/warroom-incident-app\/declare\?.*expr=/);
  // The panel's query is `rate(http_requests_total{service="$service"}[$__rate_interval])` with the
  // dashboard variable service=checkout: the link hands it interpolated, so the catalog finds checkout.
  expect(new URL(page.url()).searchParams.getAll('expr')).toEqual([
    expect.stringMatching(/^rate\(http_requests_total\{service="checkout"\}\[\d+s\]\)$/),
  ]);

  const suggestion = page.getByRole('region', { name: 'Severity suggestion' });
  await expect(suggestion).toContainText(/Metrics suggest P2 — error rate \d+(\.\d+)?% over 5% for \d+/);
  await expect(page.getByRole('radio', { name: 'P2' })).toBeChecked();
  await expect(page.getByRole('button', { name: 'Remove checkout' })).toBeVisible();
  // Every level's meaning is on screen, not in a tooltip; P2's is the Admin's edit with its deadlines.
  const levelsGroup = page.getByRole('radiogroup', { name: 'Severity' });
  await expect(levelsGroup.getByText(/^Checkout degraded for many shoppers \(respond \S+ · resolve/)).toBeVisible();
  for (const level of ['P1', 'P3', 'P4']) {
    await expect(levelsGroup.getByRole('radio', { name: level })).toHaveAccessibleDescription(
      /\(respond \S+ · resolve /
    );
  }
  await shot('declare-form');
  // Another level, then the suggestion back in one click; the evidence unfolds on demand.
  await levelsGroup.getByRole('radio', { name: 'P4' }).check();
  await suggestion.getByRole('button', { name: 'Use P2' }).click();
  await expect(page.getByRole('radio', { name: 'P2' })).toBeChecked();
  await expect(suggestion.getByRole('button', { name: 'Use P2' })).toHaveCount(0);
  await suggestion.getByRole('button', { name: 'Evidence' }).click();
  await expect(suggestion).toContainText(/checkout: error rate \d+(\.\d+)?% above 5%/);
  await page.screenshot({ path: path.join(process.env.TESTBED_SCREENSHOTS ?? os.tmpdir(), 'signals-declare.png') });

  await page.getByRole('button', { name: 'Declare incident' }).click();
  await expect(page).toHaveURL(/\/incidents\/INC-\d{4}-\d{2}-\d{2}-\d{3}$/);
  const id = page.url().split('/').pop()!;
  const incident = await call<{ severity: string; services: string[]; details: { links: Record<string, unknown> } }>(
    page.request,
    'GET',
    `${API}/incidents/${id}`
  );
  expect(incident.severity).toBe('P2');
  expect(incident.services).toEqual(['checkout']);
  expect(incident.details.links).toMatchObject({ dashboardUid: 'testbed', panelId: 2 });
  await expect(page.getByRole('region', { name: 'Timeline' })).toContainText('metrics suggested P2');
  const metrics = page.getByRole('region', { name: 'Metrics' });
  await expect(metrics.getByRole('figure', { name: 'Error rate' }).locator('canvas').first()).toBeVisible();
  await expect(metrics.getByRole('figure', { name: 'p99 latency' }).locator('canvas').first()).toBeVisible();
  // The plot sits inside its figure (uPlot's own stylesheet stacks its layers; without it the
  // canvas is pushed below the figure and over the next section).
  const figure = await metrics.getByRole('figure', { name: 'Error rate' }).boundingBox();
  const plot = await metrics.getByRole('figure', { name: 'Error rate' }).locator('canvas').first().boundingBox();
  expect(plot!.y + plot!.height).toBeLessThanOrEqual(figure!.y + figure!.height + 1);
  // Each graph says where it stands against its threshold: checkout answers 20% 5xx, above 5%.
  const errorRate = metrics.getByRole('figure', { name: 'Error rate' });
  await expect(errorRate.getByText(/^Error rate \d+(\.\d+)?% — above the 5% threshold$/)).toBeVisible();
  await expect(errorRate.locator('[data-level="above"] svg')).toBeVisible();
  await expect(
    metrics.getByRole('figure', { name: 'p99 latency' }).getByText(/^p99 latency .+ — (above the|under) /)
  ).toBeVisible();
  // Explore opens the graph's own query over its window, through Grafana's Prometheus data source.
  const explore = errorRate.getByRole('link', { name: 'Explore checkout error rate query' });
  const href = new URL((await explore.getAttribute('href'))!, server.url);
  expect(href.pathname).toBe('/explore');
  const pane = JSON.parse(href.searchParams.get('panes')!).incident;
  expect(pane.datasource).toBe('prometheus');
  expect(pane.queries[0].expr).toBe(await errorRate.locator('figcaption [title]').getAttribute('title'));
  expect(Number(pane.range.to)).toBeGreaterThan(Number(pane.range.from));
  // Hovering the plot shows the values there.
  // Near the right edge: the samples are recent (the graph's window starts before the declaration).
  const over = errorRate.locator('.u-over');
  const box = (await over.boundingBox())!;
  await over.hover({ position: { x: box.width * 0.95, y: box.height / 2 } });
  await expect(page.getByRole('tooltip').filter({ hasText: /\d+(\.\d+)?%/ })).toBeVisible();
  await page.screenshot({
    path: path.join(process.env.TESTBED_SCREENSHOTS ?? os.tmpdir(), 'signals-graph-tooltip.png'),
  });
  await page.screenshot({
    path: path.join(process.env.TESTBED_SCREENSHOTS ?? os.tmpdir(), 'signals-incident.png'),
    fullPage: true,
  });
});

test('with Prometheus unreachable the suggestion says why, a severity is still required, and declaring works', async ({
  page,
  context,
}) => {
  await signIn(context, 'Admin');
  await configure(page.request, `http://127.0.0.1:${await deadPort()}`);

  await page.goto(`${server.url}/d/testbed`);
  await page.getByRole('button', { name: PANEL_MENU }).click();
  await page.getByRole('menuitem', { name: 'Declare incident' }).click();
  await expect(page.getByText('Suggestion unavailable')).toBeVisible({ timeout: 30_000 });
  await expect(page.getByText(/unreachable/i)).toBeVisible();

  // Nothing suggested, nothing picked: the form refuses at the field and puts the focus there.
  await page.getByRole('button', { name: 'Declare incident' }).click();
  await expect(page.getByText('Pick a severity')).toBeVisible();
  await expect(page.getByRole('radio', { name: 'P1' })).toBeFocused();
  await expect(page).toHaveURL(/\/declare\?/);

  await page.getByRole('radio', { name: 'P3' }).check();
  await page.getByRole('button', { name: 'Declare incident' }).click();
  await expect(page).toHaveURL(/\/incidents\/INC-\d{4}-\d{2}-\d{2}-\d{3}$/);
  await expect(page.getByRole('region', { name: 'Metrics' })).toContainText(/Could not read error rate: .*unreachable/);
});
