// Notification channels (issue 6): an admin adds a signed-webhook channel on the configuration page
// (its URL and HMAC key are secure settings, shown only as "configured" afterwards), and an editor
// sends a status update through it from the incident page. A real HTTP receiver verifies the HMAC
// signature and gets the update once; the timeline records the delivery. It runs on its own
// server: saving settings re-creates the shared server's plugin instance.
import { createHmac } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';

import { expect, startServer, test } from './fixtures';
import { openStatusUpdate } from './statusUpdate';

const HMAC_KEY = 'e2e-hmac-key-value';
const SECRET_PATH = 'e2e-secret-path';

interface Received {
  id: string;
  body: string;
  signed: boolean;
}

function startReceiver(): Promise<{ url: string; received: Received[]; close: () => void }> {
  const received: Received[] = [];
  const server = http.createServer((req, res) => {
    let body = '';
    req.on('data', (c) => (body += c));
    req.on('end', () => {
      const ts = String(req.headers['x-warroom-timestamp'] ?? '');
      const want = 'sha256=' + createHmac('sha256', HMAC_KEY).update(`${ts}.${body}`).digest('hex');
      received.push({
        id: String(req.headers['x-warroom-id'] ?? ''),
        body,
        signed: req.headers['x-warroom-signature'] === want,
      });
      res.writeHead(200).end('ok');
    });
  });
  return new Promise((resolve) =>
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as AddressInfo;
      resolve({ url: `http://127.0.0.1:${port}/hooks/${SECRET_PATH}`, received, close: () => server.close() });
    })
  );
}

test('a status update goes out once through a channel configured with secret settings', async ({ page, shot }) => {
  const state = mkdtempSync(path.join(os.tmpdir(), 'warroom-notify-'));
  const server = await startServer(process.env.TESTBED_DIST!, state);
  const receiver = await startReceiver();
  try {
    await page.goto(`${server.url}/plugins/warroom-incident-app`);
    const main = page.getByRole('main');
    const channels = main.getByRole('button', { name: /^Notification channels/ });
    await channels.click();
    await main.getByRole('button', { name: 'Add channel' }).click();
    await main.locator('#warroom-channel-name-0').fill('status-page');
    await main.getByRole('radio', { name: 'Signed JSON webhook' }).check({ force: true });
    await main.locator('#warroom-channel-url-0').fill(receiver.url);
    await main.locator('#warroom-channel-secret-0').fill(HMAC_KEY);
    await main.getByRole('checkbox', { name: 'Status updates' }).check({ force: true });
    await shot('notifications-config');
    await Promise.all([page.waitForEvent('load'), main.getByRole('button', { name: 'Save settings' }).click()]);

    await expect(channels).toHaveAccessibleName('Notification channels Connected — 1 channel configured');
    await channels.click();
    await expect(main.locator('#warroom-channel-name-0')).toHaveValue('status-page');
    await expect(main.locator('#warroom-channel-url-0')).toHaveValue('configured');
    await expect(main.locator('#warroom-channel-secret-0')).toHaveValue('configured');
    const settings = await (await page.request.get(`${server.url}/api/plugins/warroom-incident-app/settings`)).text();
    for (const secret of [SECRET_PATH, HMAC_KEY]) {
      expect(settings).not.toContain(secret);
      expect(await page.content()).not.toContain(secret);
    }
    expect(JSON.parse(settings).secureJsonFields).toEqual({
      'notifyUrl_status-page': true,
      'notifySecret_status-page': true,
    });

    const res = await page.request.post(`${server.url}/api/plugins/warroom-incident-app/resources/incidents`, {
      data: { title: 'Checkout errors', severity: 'P2', services: ['checkout-api'] },
      headers: { 'X-Grafana-Org-Id': '1' },
    });
    expect(res.status()).toBe(201);
    const { id } = (await res.json()) as { id: string };
    await page.goto(`${server.url}/a/warroom-incident-app/incidents/${id}`);
    const composer = await openStatusUpdate(page);
    await composer.getByLabel('Body').fill('Some payments fail; we are on it.');
    // Through its label, which waits for the drawer to stop sliding in (a forced click may land beside it).
    await composer.getByText('status-page', { exact: true }).click();
    await expect(composer.getByRole('checkbox', { name: 'status-page' })).toBeChecked();
    await composer.getByRole('button', { name: 'Post update' }).click();

    await expect.poll(() => receiver.received.length, { timeout: 15_000 }).toBe(1);
    const [got] = receiver.received;
    expect(got.signed).toBe(true);
    expect(JSON.parse(got.body)).toMatchObject({
      kind: 'status_update',
      text: 'Some payments fail; we are on it.',
      incident: { id },
    });
    await expect
      .poll(
        async () => {
          await page.reload();
          // The timeline loads after the page: wait for the update itself, then look for its delivery.
          await page.getByText('posted a status update').waitFor();
          return page.getByText('notification delivered to status-page').count();
        },
        { timeout: 15_000 }
      )
      .toBe(1);
    await shot('notifications-delivered');
    // Delivered once: nothing more arrives.
    await page.waitForTimeout(3000);
    expect(receiver.received).toHaveLength(1);
  } finally {
    receiver.close();
    await server.stop();
    rmSync(state, { recursive: true, force: true });
  }
});
