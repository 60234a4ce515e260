// On-call paging from a responder's side:
//  - roles are people: an Editor picks the commander from the org's Grafana users (the bed's
//    org-1 users), and it stays after a reload;
//  - a page's acknowledge link works for someone signed out: an Editor with an email contact
//    method is tier 0 of P1; a P1 pages them through a Mailpit of the test's own; the link of the
//    mail, opened by Grafana's anonymous Viewer, shows the incident and acknowledges it on the
//    button; the incident page then shows the acknowledgement by that person through email.
// The paging test runs on a test-bed server of its own: it changes the app's settings and the policy.
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

import { BrowserContext } from '@playwright/test';

import { callAt, expect, Role, startServer, test } from './fixtures';
import { lastMessageTo, startMailpit } from './mailpit';

const APP = '/a/warroom-incident-app';
const API = '/api/plugins/warroom-incident-app/resources';
const SETTINGS = '/api/plugins/warroom-incident-app/settings';

const runTag = () => `${Date.now().toString(36)}${Math.floor(Math.random() * 1e4)}`;

test('pick a commander from Grafana users', async ({ page, context, shot }) => {
  // Grafana lists the org's users to the plugin only through its service account (off by default,
  // as in Grafana: the picker then offers the people Warroom knows), so a server with it on.
  const state = mkdtempSync(path.join(os.tmpdir(), 'warroom-people-'));
  const server = await startServer(process.env.TESTBED_DIST!, state, ['-external-service-accounts']);
  const at = (p: string) => `${server.url}${p}`;
  try {
    await signIn(context, server.url, 'Editor', 'editor');
    const people = await callAt<{ source: string; people: Array<{ login: string }> }>(
      page.request,
      'GET',
      at(`${API}/oncall/people`)
    );
    expect(people.source).toBe('grafana');
    expect(people.people.map((p) => p.login)).toEqual(expect.arrayContaining(['alice', 'bob', 'carol', 'dave']));
    const declared = await page.request.post(at(`${API}/incidents`), {
      data: { title: `Commander pick ${runTag()}`, severity: 'P3', services: ['cart'] },
      headers: { 'X-Grafana-Org-Id': '1' },
    });
    expect(declared.status(), await declared.text()).toBe(201);
    const { id } = (await declared.json()) as { id: string };

    await page.goto(at(`${APP}/incidents/${id}`));
    const roles = page.getByRole('form', { name: 'Change roles and impact' });
    await roles.getByRole('combobox', { name: /^Incident commander/ }).click();
    await page.getByRole('option', { name: /^Carol Chen \(carol\)/ }).click();
    await expect(roles.getByText('Saved')).toBeVisible();
    await shot('incident-commander-picked');

    await page.reload();
    await expect(
      page.getByRole('form', { name: 'Change roles and impact' }).getByRole('combobox', { name: /^Incident commander/ })
    ).toHaveValue('Carol Chen (carol)');
    await expect(page.getByRole('main').getByText(/^Commander:/)).toHaveText(/^Commander: carol/);
    const saved = await callAt<{ details: { roles: { commander?: string } } }>(
      page.request,
      'GET',
      at(`${API}/incidents/${id}`)
    );
    expect(saved.details.roles.commander).toBe('carol');
  } finally {
    await server.stop();
    rmSync(state, { recursive: true, force: true });
  }
});

async function signIn(context: BrowserContext, url: string, role: Role, login: string) {
  await context.clearCookies();
  await context.addCookies([{ name: 'testbed_identity', value: `${role}:1:${login}`, url }]);
}

test('acknowledge through a page link as a signed-out person', async ({ page, context, browser, shot }) => {
  test.setTimeout(150_000);
  const mailpit = await startMailpit();
  const state = mkdtempSync(path.join(os.tmpdir(), 'warroom-oncall-'));
  const server = await startServer(process.env.TESTBED_DIST!, state);
  const at = (p: string) => `${server.url}${p}`;
  try {
    // The app's settings: email pages through the Mailpit (no TLS, no login).
    await signIn(context, server.url, 'Admin', 'admin');
    const settings = await callAt<{ jsonData?: Record<string, unknown> }>(page.request, 'GET', at(SETTINGS));
    await callAt(page.request, 'POST', at(SETTINGS), {
      enabled: true,
      pinned: true,
      jsonData: {
        ...settings.jsonData,
        paging: {
          smtp: {
            host: mailpit.smtpHost,
            port: mailpit.smtpPort,
            tls: 'none',
            from: 'Warroom <warroom@testbed.local>',
          },
        },
      },
    });

    // The Editor's email contact method.
    await signIn(context, server.url, 'Editor', 'editor');
    await callAt(page.request, 'PUT', at(`${API}/oncall/contact-methods/mail`), {
      kind: 'email',
      address: 'editor@testbed.local',
      position: 0,
    });

    // P1's first tier pages the Editor.
    await signIn(context, server.url, 'Admin', 'admin');
    const policy = await callAt<{
      version: number;
      levels: Array<{ severity: string; tiers: Array<{ after: string; who: string; targets?: unknown[] }> }>;
    }>(page.request, 'GET', at(`${API}/policy`));
    const p1 = policy.levels.find((l) => l.severity === 'P1')!;
    p1.tiers[0].targets = [{ kind: 'user', id: 'editor' }];
    await callAt(page.request, 'PUT', at(`${API}/policy`), policy);

    // The Editor declares a P1: tier 0 pages at declaration.
    await signIn(context, server.url, 'Editor', 'editor');
    const title = `Paged by mail ${runTag()}`;
    const declared = await page.request.post(at(`${API}/incidents`), {
      data: { title, severity: 'P1', services: ['checkout'] },
      headers: { 'X-Grafana-Org-Id': '1' },
    });
    expect(declared.status(), await declared.text()).toBe(201);
    const { id } = (await declared.json()) as { id: string };

    let mail: { subject: string; text: string } | undefined;
    await expect
      .poll(
        async () => {
          mail = await lastMessageTo(page.request, mailpit, 'editor@testbed.local');
          return mail?.text ?? '';
        },
        { timeout: 60_000, intervals: [1000] }
      )
      .toContain('ack?token=');
    const token = mail!.text.match(/ack\?token=([^\s>"]+)/)![1];
    expect(mail!.text).toContain(id);

    // A signed-out person (Grafana's anonymous Viewer) opens the link in a browser of their own.
    const anonymous = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    try {
      await anonymous.addCookies([{ name: 'testbed_identity', value: 'Viewer:1:', url: server.url }]);
      const ackPage = await anonymous.newPage();
      const failures: string[] = [];
      ackPage.on('response', (r) => r.status() >= 400 && failures.push(`${r.status()} ${r.url()}`));
      await ackPage.goto(at(`${APP}/ack?token=${token}`));
      const main = ackPage.getByRole('main');
      const card = main.getByRole('region', { name: 'Paged incident' });
      await expect(card.getByRole('heading', { name: title })).toBeVisible();
      await expect(card).toContainText('editor');
      await expect(card).toContainText('email');
      await ackPage.screenshot({ path: path.join(process.env.TESTBED_SCREENSHOTS ?? os.tmpdir(), 'ack-link.png') });
      await main.getByRole('button', { name: 'Acknowledge' }).click();
      await expect(main.getByRole('status', { name: 'Acknowledged' })).toContainText('Acknowledged by editor at');
      expect(failures).toEqual([]);
    } finally {
      await anonymous.close();
    }

    // The Editor sees the acknowledgement on the incident page.
    await signIn(context, server.url, 'Editor', 'editor');
    await page.goto(at(`${APP}/incidents/${id}`));
    const onCall = page.getByRole('region', { name: 'On call' });
    await expect(onCall).toContainText('Acknowledged by editor at');
    await expect(onCall).toContainText('paging stopped');
    await expect(page.getByRole('list', { name: 'Timeline' })).toContainText('email');
    await shot('incident-acknowledged-by-link');
  } finally {
    await server.stop();
    await mailpit.stop();
    rmSync(state, { recursive: true, force: true });
  }
});
