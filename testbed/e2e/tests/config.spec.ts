// The app's configuration page (plugin details > Configuration): collapsible connection sections, each
// with the back end's status line (GET /config/status). It saves jsonData and a secret through
// POST /api/plugins/<id>/settings; after the reload the plugin asks for, the saved value is shown and
// the secret is only reported as configured. A store the back end cannot reach is reported, not
// hidden. A fresh install leads from what is missing to the page that fixes it. Each test runs on its
// own server: the settings they save would change the shared server's plugin.
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

import { Locator } from '@playwright/test';

import { expect, expectStatus, startServer, test } from './fixtures';

const SECRET = 'postgres://warroom:e2e-secret-value@127.0.0.1:1/warroom';

/** The toggle of the configuration page's section `title`; its name is the title and the status line. */
const section = (main: Locator, title: string) => main.getByRole('button', { name: new RegExp(`^${title}`) });

test('the config page saves jsonData and a secret; the secret is never shown again', async ({ page, shot }) => {
  const state = mkdtempSync(path.join(os.tmpdir(), 'warroom-config-'));
  const server = await startServer(process.env.TESTBED_DIST!, state);
  try {
    const url = `${server.url}/plugins/warroom-incident-app`;
    await page.goto(url);
    const main = page.getByRole('main');
    await expect(main.getByRole('button', { name: 'Save settings' })).toBeVisible();
    await section(main, 'Storage').click();
    await section(main, 'Display').click();

    const dataDir = path.join(state, 'custom-sqlite');
    await main.locator('#warroom-data-dir').fill(dataDir);
    await main.getByRole('radio', { name: 'SEV1–SEV4' }).check({ force: true });
    await main.locator('#warroom-postgres-dsn').fill(SECRET);
    // The DSN points at a closed port, so after the reload the back end cannot open its store and
    // every resource answers 503 store_unavailable in the API's error shape, naming what to check —
    // expected here; neither the answer nor the page may leak the DSN.
    expectStatus(page, /\/resources\/(me|config\/status|scheduler\/status)$/, 503);
    const statusAnswer = page.waitForResponse((r) => /\/resources\/config\/status$/.test(r.url()) && r.status() >= 400);
    await Promise.all([page.waitForEvent('load'), main.getByRole('button', { name: 'Save settings' }).click()]);
    const status = await statusAnswer;
    expect(status.status()).toBe(503);
    const statusBody = await status.text();
    expect(JSON.parse(statusBody).error).toMatchObject({
      code: 'store_unavailable',
      message: expect.stringContaining('PostgreSQL'),
    });
    expect(statusBody).not.toContain('e2e-secret-value');
    expect(statusBody).not.toContain('127.0.0.1');

    const unchecked = main.getByRole('alert', { name: 'Could not check the connections' });
    await expect(unchecked).toContainText('PostgreSQL');
    await expect(section(main, 'Storage')).toHaveAccessibleName('Storage Status unavailable');
    await section(main, 'Storage').click();
    await section(main, 'Display').click();
    await expect(main.locator('#warroom-data-dir')).toHaveValue(dataDir);
    await expect(main.getByRole('radio', { name: 'SEV1–SEV4' })).toBeChecked();
    await expect(main.getByRole('button', { name: 'Reset' })).toBeVisible();
    await expect(main.locator('#warroom-postgres-dsn')).toHaveValue('configured');
    expect(await page.content()).not.toContain('e2e-secret-value');
    const settings = await (await page.request.get(`${server.url}/api/plugins/warroom-incident-app/settings`)).text();
    expect(settings).not.toContain('e2e-secret-value');
    expect(JSON.parse(settings).secureJsonFields).toEqual({ postgresDsn: true });
    await shot('config-saved');
  } finally {
    await server.stop();
    rmSync(state, { recursive: true, force: true });
  }
});

test('a fresh install leads from the declare form to Prometheus, and the sections say what is connected', async ({
  page,
  shot,
}) => {
  const state = mkdtempSync(path.join(os.tmpdir(), 'warroom-first-run-'));
  const server = await startServer(process.env.TESTBED_DIST!, state);
  try {
    await page.context().addCookies([{ name: 'testbed_identity', value: 'Admin:1:ada', url: server.url }]);
    await page.goto(`${server.url}/a/warroom-incident-app/declare`);
    const main = page.getByRole('main');
    const suggestion = main.getByRole('status', { name: 'Severity suggestion' });
    await expect(suggestion).toContainText('Prometheus is not configured');
    await shot('declare-no-prometheus');
    await suggestion.getByRole('link', { name: 'Configure Prometheus' }).click();

    await expect(page).toHaveURL(`${server.url}/plugins/warroom-incident-app`);
    await expect(section(main, 'Storage')).toHaveAccessibleName(/^Storage Connected — /);
    await expect(section(main, 'Prometheus')).toHaveAccessibleName('Prometheus Not configured');
    await expect(main.getByRole('region', { name: 'Service catalog' })).toContainText('Service catalog: 0 services');

    // Saved as the page would: the suite's Prometheus, through its direct URL.
    const saved = await page.request.post(`${server.url}/api/plugins/warroom-incident-app/settings`, {
      data: { enabled: true, pinned: true, jsonData: { prometheus: { url: process.env.TESTBED_PROMETHEUS_URL } } },
    });
    expect(saved.status()).toBe(200);
    await page.reload();
    await expect(section(main, 'Prometheus')).toHaveAccessibleName(/^Prometheus Connected/);
    await expect(section(main, 'Storage')).toHaveAccessibleName(/^Storage Connected — /);
    await expect(section(main, 'Prometheus')).toHaveAttribute('aria-expanded', 'false');
    await shot('config');
  } finally {
    await server.stop();
    rmSync(state, { recursive: true, force: true });
  }
});
