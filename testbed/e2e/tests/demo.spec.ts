// The demo after `bash scripts/run.sh` (issue 16): testbed/e2e/demo.sh runs the real run.sh and
// points this spec at it (the normal suite ignores it: playwright.config.ts). Every demo incident
// graphs its service's breach from Prometheus; diagnostics find the seeded trouble in moto and
// PostgreSQL and suggest the runbooks; the demo policy leaves a timer due soon on the timers panel;
// the demo dashboard shows the incidents over a real series; a status update reaches the demo's
// webhook receiver and its delivery is on the timeline.
import { Page } from '@playwright/test';

import { expect, test } from './fixtures';
import { openStatusUpdate } from './statusUpdate';

const APP = '/a/warroom-incident-app';
const API = '/api/plugins/warroom-incident-app/resources';

interface Listed {
  id: string;
  title: string;
  services: string[];
}

/** The five demo incidents (pkg/demo Scenarios), by their service. */
async function demoIncidents(page: Page): Promise<Map<string, Listed>> {
  const res = await page.request.get(`${API}/incidents?limit=50`);
  expect(res.status()).toBe(200);
  const { items } = (await res.json()) as { items: Listed[] };
  // Newest first: the scenarios come before the demo's past incidents of the same services.
  const byService = new Map<string, Listed>();
  for (const i of items) {
    if (!byService.has(i.services[0])) {
      byService.set(i.services[0], i);
    }
  }
  return byService;
}

test.beforeEach(async ({ as }) => {
  await as('Editor');
});

// First: the newest incident's timers are due soon for its first minutes after run.sh starts.
test('the timers panel shows the newest incident due soon', async ({ page, shot }) => {
  await page.goto('/d/warroom-timers');
  await expect(page.getByText('Due soon').first()).toBeVisible();
  await shot('demo-timers');
});

test('every demo incident graphs its service from Prometheus', async ({ page, shot }) => {
  const incidents = await demoIncidents(page);
  expect([...incidents.keys()].sort()).toEqual(['auth-api', 'checkout-api', 'orders-api', 'search-api', 'status-page']);
  for (const service of ['status-page', 'auth-api', 'search-api', 'orders-api', 'checkout-api']) {
    const inc = incidents.get(service)!;
    await page.goto(`${APP}/incidents/${inc.id}`);
    const metrics = page.getByRole('region', { name: 'Metrics' });
    await expect(metrics.getByRole('heading', { name: service })).toBeVisible();
    // Drawn from data: each graph's series has valued points over the incident's life.
    const res = await page.request.get(`${API}/incidents/${encodeURIComponent(inc.id)}/metrics`);
    expect(res.status()).toBe(200);
    const [graphs] = (await res.json()).services as Array<
      Record<string, { series: Array<{ points: Array<[number, number | null]> }> }>
    >;
    for (const kind of ['errorRate', 'latency']) {
      const valued = graphs[kind].series.flatMap((s) => s.points).filter(([, v]) => v !== null);
      expect(valued.length, `${service} ${kind}: points with a value`).toBeGreaterThan(100);
      // A drawn series is Grafana's TimeSeries canvas; "No data" or "nothing to graph" have none.
      await expect(metrics.getByTestId(`graph-${kind}`).locator('canvas').first(), `${service} ${kind}`).toBeVisible();
    }
  }
  await shot('demo-incident');
});

test('diagnostics find the seeded trouble and suggest the runbooks', async ({ page, shot }) => {
  test.setTimeout(120_000);
  const incidents = await demoIncidents(page);
  const cases = [
    { service: 'checkout-api', finding: /targets unhealthy in checkout-api-tg/, runbook: 'Service down / 502 errors' },
    {
      service: 'orders-api',
      finding: /connections in use .*the pool is close to exhaustion/,
      runbook: 'Database connection pool exhausted',
    },
  ];
  for (const c of cases) {
    await page.goto(`${APP}/incidents/${incidents.get(c.service)!.id}`);
    const diagnostics = page.getByRole('region', { name: 'Diagnostics' });
    await diagnostics.getByRole('button', { name: 'Run diagnostics' }).click();
    await expect(diagnostics.getByRole('status')).toContainText(/Critical \d+ checks/, { timeout: 60_000 });
    // A service's findings start folded unless they hold the run's only critical finding.
    const findings = diagnostics.getByRole('group', { name: `Findings of ${c.service}` });
    const fold = findings.getByRole('button', { name: new RegExp(`${c.service}: `) });
    if ((await fold.getAttribute('aria-expanded')) === 'false') {
      await fold.click();
    }
    await expect(findings.getByText(c.finding)).toBeVisible();
    await expect(diagnostics.getByRole('article', { name: `Runbook: ${c.runbook} (${c.service})` })).toBeVisible();
    if (c.service === 'checkout-api') {
      await shot('demo-diagnostics');
    }
  }
});

test('the demo dashboard shows the incidents over checkout-api’s error rate', async ({ page, shot }) => {
  await page.goto('/d/warroom-incidents');
  const panel = page.getByRole('region', { name: 'Panel: Checkout API error rate with incidents' });
  const series = panel.getByRole('img', { name: 'checkout-api error rate' });
  await expect(series).toBeVisible();
  expect(Number(await series.locator('polyline').getAttribute('data-points'))).toBeGreaterThan(100);
  await expect(panel.getByTestId('annotation-marker').first()).toBeVisible();
  await expect(
    panel.getByTestId('annotation-item').filter({ hasText: 'Checkout API returning 502s' }).first()
  ).toBeVisible();
  await shot('demo-dashboard');
});

test('a status update reaches the demo webhook receiver and shows on the timeline', async ({ page }) => {
  const incidents = await demoIncidents(page);
  await page.goto(`${APP}/incidents/${incidents.get('checkout-api')!.id}`);
  const timeline = page.getByRole('region', { name: 'Timeline' });
  // The timeline shows its newest 20 entries: read older kinds through its filters and their counts.
  const deliveries = timeline.getByRole('radio', { name: /^Deliveries \(\d+\)$/ });
  const deliveryCount = async () =>
    Number(
      /\((\d+)\)/.exec(await deliveries.evaluate((el: HTMLInputElement) => el.labels?.[0]?.textContent ?? ''))?.[1]
    );
  // The demo's note is there once the timeline has loaded. Escalations go to the channel too:
  // count what was delivered before this update.
  await timeline.getByRole('radio', { name: /^Notes/ }).check({ force: true });
  await expect(timeline.getByText('Paging senior engineer per escalation tier.')).toBeVisible();
  const before = await deliveryCount();
  const composer = await openStatusUpdate(page);
  await composer.getByLabel('Body').fill('Rolling back the checkout deploy.');
  // Through its label, which waits for the drawer to stop sliding in (a forced click may land beside it).
  await composer.getByText('demo-webhook', { exact: true }).click();
  await expect(composer.getByRole('checkbox', { name: 'demo-webhook' })).toBeChecked();
  await composer.getByRole('button', { name: 'Post update' }).click();
  await expect
    .poll(
      async () => {
        await page.reload();
        await deliveries.waitFor();
        return deliveryCount();
      },
      { timeout: 20_000 }
    )
    .toBeGreaterThan(before);
  await deliveries.check({ force: true });
  await expect(timeline.getByText('notification delivered to demo-webhook').first()).toBeVisible();
});
