// The Services page (issue 16), on a test-bed server of its own (its settings change): Prometheus
// scrapes the synthetic fleet ("checkout" answers 20% 5xx, "cart" is healthy, label `service`).
// An Admin builds the catalog by picking label values, sees each service's last hour before
// saving, and the declare form then suggests a severity from it; a selector that matches nothing
// shows an empty preview and says so at the field; a Viewer reads the catalog without controls.
// Each test leaves the server's settings and policy as it found them.
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

import { APIRequestContext, BrowserContext, Page, request } from '@playwright/test';

import { callAt, expect, type Role, signInAt, startServer, test, waitForSuggestedSeverity } from './fixtures';

const SERVICES = '/a/warroom-incident-app/services';
const DECLARE = '/a/warroom-incident-app/declare';
const API = '/api/plugins/warroom-incident-app/resources';
const SETTINGS = '/api/plugins/warroom-incident-app/settings';

let server: { url: string; stop: () => Promise<void> };
let state: string;

test.beforeAll(async () => {
  state = mkdtempSync(path.join(os.tmpdir(), 'warroom-services-'));
  server = await startServer(process.env.TESTBED_DIST!, state);
});

test.afterAll(async () => {
  await server?.stop();
  rmSync(state, { recursive: true, force: true });
});

const signIn = (context: BrowserContext, role: Role) => signInAt(context, server.url, role);

const call = <T>(request: APIRequestContext, method: string, url: string, data?: unknown) =>
  callAt<T>(request, method, `${server.url}${url}`, data);

type Settings = { enabled: boolean; pinned: boolean; jsonData: Record<string, unknown> | null };

/** Puts settings and policy back as the test found them; set by setUp, run after each test. */
let restore: (() => Promise<void>) | undefined;

test.afterEach(async () => {
  const undo = restore;
  restore = undefined;
  await undo?.();
});

/**
 * As Admin: points the app at the suite's Prometheus with `services` (none by default) and a short
 * sustained window, and arms `restore` to put settings and policy back as they were.
 */
async function setUp(context: BrowserContext, api: APIRequestContext, services: unknown[] = []) {
  await signIn(context, 'Admin');
  const before = await call<Settings>(api, 'GET', SETTINGS);
  const policy = await call<{ signals: Record<string, unknown> }>(api, 'GET', `${API}/policy`);
  await call(api, 'POST', SETTINGS, {
    enabled: true,
    pinned: true,
    jsonData: {
      services: services.length > 0 ? services : undefined,
      queries: { rateWindow: '5s' },
      prometheus: { url: process.env.TESTBED_PROMETHEUS_URL, timeout: '2s' },
      reevaluateEvery: 'off',
    },
  });
  const short = await call<typeof policy>(api, 'PUT', `${API}/policy`, {
    ...policy,
    signals: { ...policy.signals, sustainedFor: '10s' },
  });
  // Its own request context: the page's is gone when a test timed out.
  restore = async () => {
    const admin = await request.newContext({ extraHTTPHeaders: { Cookie: 'testbed_identity=Admin:1:admin' } });
    try {
      await call(admin, 'POST', SETTINGS, {
        enabled: before.enabled,
        pinned: before.pinned,
        jsonData: before.jsonData ?? {},
      });
      await call(admin, 'PUT', `${API}/policy`, { ...short, signals: policy.signals });
    } finally {
      await admin.dispose();
    }
  };
}

/** Picks `option` in the combobox labelled `name`, typing to filter as a keyboard user would. */
async function pick(page: Page, name: string, option: string) {
  const box = page.getByRole('combobox', { name });
  await box.click();
  await box.fill(option);
  await page.getByRole('option', { name: option, exact: true }).click();
}

/** Adds the service of one value of label `service`, after its preview drew graphs. */
async function addByLabelValue(page: Page, value: string, onPreview?: () => Promise<void>) {
  await page.getByRole('button', { name: 'Add service' }).click();
  await pick(page, 'Label', 'service');
  await pick(page, 'Value', value);
  await expect(page.getByLabel(/^Name/)).toHaveValue(value);
  await expect(page.getByLabel(/^Selector/)).toHaveValue(`service="${value}"`);
  const preview = page.getByRole('region', { name: 'Preview' });
  await expect(preview.getByRole('figure', { name: 'Error rate' }).locator('canvas').first()).toBeVisible();
  await expect(preview.getByRole('figure', { name: 'p99 latency' }).locator('canvas').first()).toBeVisible();
  await expect(preview).toContainText('Bands: error rate elevated above');
  await onPreview?.();
  // Saving reloads the page (Grafana hands plugins their settings at load time).
  await Promise.all([page.waitForEvent('load'), page.getByRole('button', { name: 'Save service' }).click()]);
  await expect(page.getByRole('status', { name: 'Saved' })).toContainText(`${value} added.`);
}

test('an Admin adds services by label value with a preview, and the declare form suggests from them', async ({
  page,
  context,
  shot,
}) => {
  test.setTimeout(120_000);
  await setUp(context, page.request);
  await page.goto(`${server.url}${SERVICES}`);
  await expect(page.getByText('No services yet')).toBeVisible();

  await addByLabelValue(page, 'checkout', () => shot('services-edit'));
  await addByLabelValue(page, 'cart');

  const list = page.getByRole('table', { name: 'Services' });
  await expect(list.getByRole('row', { name: /checkout/ })).toContainText('service="checkout"');
  await expect(list.getByRole('row', { name: /cart/ })).toContainText('service="cart"');
  const saved = await call<Settings>(page.request, 'GET', SETTINGS);
  expect(saved.jsonData).toMatchObject({
    services: [
      { name: 'checkout', selector: 'service="checkout"' },
      { name: 'cart', selector: 'service="cart"' },
    ],
    queries: { rateWindow: '5s' },
    prometheus: { url: process.env.TESTBED_PROMETHEUS_URL },
  });
  await shot('services');

  await waitForSuggestedSeverity(page.request, server.url, 'checkout', 'P2');
  await page.goto(`${server.url}${DECLARE}`);
  await page.locator('#declare-services').fill('checkout');
  await page.getByRole('option', { name: 'checkout', exact: true }).click();
  const suggestion = page.getByRole('region', { name: 'Severity suggestion' });
  await expect(suggestion).toContainText(/Metrics suggest P2 — error rate \d+(\.\d+)?% over 5%/);
  await suggestion.getByRole('button', { name: 'Evidence' }).click();
  await expect(suggestion).toContainText(/checkout: error rate \d+(\.\d+)?% above 5%/);
});

test('a selector that matches nothing draws an empty preview and says so at the field', async ({ page, context }) => {
  await setUp(context, page.request);
  await page.goto(`${server.url}${SERVICES}`);
  await page.getByRole('button', { name: 'Add service' }).click();
  await page.getByLabel(/^Name/).fill('nope');
  await page.getByLabel(/^Selector/).fill('service="nope"');
  await page.getByLabel(/^Selector/).press('Tab');

  const preview = page.getByRole('region', { name: 'Preview' });
  await expect(preview.getByText('No data for this query in the window.')).toHaveCount(2);
  await expect(page.getByText(/no series .*service="nope"/)).toBeVisible();
  await page.getByRole('button', { name: 'Cancel' }).click();
  await expect(page.getByText('No services yet')).toBeVisible();
});

test('a Viewer reads the catalog without controls to change it', async ({ page, context }) => {
  await setUp(context, page.request, [
    { name: 'checkout', selector: 'service="checkout"', healthUrl: 'http://checkout:3000/api/v1/health' },
  ]);
  await signIn(context, 'Viewer');
  await page.goto(`${server.url}${SERVICES}`);
  const row = page.getByRole('table', { name: 'Services' }).getByRole('row', { name: /checkout/ });
  await expect(row).toContainText('http://checkout:3000/api/v1/health');
  await expect(page.getByRole('button', { name: 'Export JSON' })).toBeVisible();
  for (const name of ['Add service', 'Add all from label…', 'Edit checkout', 'Remove checkout']) {
    await expect(page.getByRole('button', { name })).toHaveCount(0);
  }
});
