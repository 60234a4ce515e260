// Shared test fixtures: every page is watched, and a test fails on any console error, uncaught
// exception (pageerror), failed request, or HTTP response >= 400 that the test did not declare
// with `expectStatus`. Also: identities (the server's testbed_identity cookie), screenshots of each
// visited page into testbed/screenshots/<host>/, and starting an extra test-bed server.
import { ChildProcess, spawn } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import path from 'node:path';

import { APIRequestContext, BrowserContext, test as base, expect, Page, Request } from '@playwright/test';

export { expect };

type Expected = { url: RegExp; status: number };

export type Role = 'Viewer' | 'Editor' | 'Admin' | 'None';

const expectedByPage = new WeakMap<Page, Expected[]>();

/** Declares that `url` may answer `status` during this test (the test asserts it itself). */
export function expectStatus(page: Page, url: RegExp, status: number) {
  expectedByPage.get(page)?.push({ url, status });
}

/** `viewport: true` shoots what is on screen (above the fold) instead of the whole page. */
type Shot = (name: string, options?: { viewport?: boolean }) => Promise<void>;

export const test = base.extend<{ shot: Shot; as: (role: Role, login?: string) => Promise<void> }>({
  page: async ({ page }, use) => {
    const problems: string[] = [];
    const expected: Expected[] = [];
    expectedByPage.set(page, expected);
    const isExpected = (url: string, status: number) => expected.some((e) => e.status === status && e.url.test(url));
    page.on('console', (msg) => {
      if (msg.type() !== 'error') {
        return;
      }
      // Chromium logs every >= 400 response; those are judged by the response handler below.
      const status = msg.text().match(/^Failed to load resource: the server responded with a status of (\d+)/);
      if (status && isExpected(msg.location().url, Number(status[1]))) {
        return;
      }
      problems.push(`console.error: ${msg.text()} (${msg.location().url})`);
    });
    page.on('pageerror', (err) => problems.push(`pageerror: ${err.message}`));
    // A page navigation (e.g. the reload the config page asks for) cancels what the old document
    // still loads; only those requests are excused, and only for net::ERR_ABORTED.
    let documentEpoch = 0;
    let navigating = false;
    const epochOf = new WeakMap<Request, number>();
    page.on('request', (req) => {
      epochOf.set(req, documentEpoch);
      if (req.isNavigationRequest() && req.frame() === page.mainFrame()) {
        navigating = true;
      }
    });
    // A new document (not a history.pushState navigation) starts a new epoch.
    page.on('domcontentloaded', () => {
      documentEpoch += 1;
      navigating = false;
    });
    // @grafana/ui fetches inline SVG icons and cancels the fetch when the icon unmounts (a loading
    // spinner replaced by content); an aborted GET of a static asset is that, never an app failure.
    const isCancelledAsset = (req: Request, error?: string) =>
      error === 'net::ERR_ABORTED' && req.method() === 'GET' && new URL(req.url()).pathname.startsWith('/public/');
    page.on('requestfailed', (req) => {
      const error = req.failure()?.errorText;
      const cutOff = navigating || (epochOf.get(req) ?? documentEpoch) < documentEpoch;
      if (isCancelledAsset(req, error)) {
        return;
      }
      if (!(cutOff && error === 'net::ERR_ABORTED' && !req.isNavigationRequest())) {
        problems.push(`requestfailed: ${req.method()} ${req.url()} ${error}`);
      }
    });
    page.on('response', (res) => {
      if (res.status() >= 400 && !isExpected(res.url(), res.status())) {
        problems.push(`HTTP ${res.status()}: ${res.request().method()} ${res.url()}`);
      }
    });
    await use(page);
    expect(problems, 'console errors, page errors and failed requests').toEqual([]);
  },

  as: async ({ context, baseURL }, use) => {
    await use(async (role: Role, login = role.toLowerCase()) => {
      await context.addCookies([{ name: 'testbed_identity', value: `${role}:1:${login}`, url: baseURL! }]);
    });
  },

  shot: async ({ page }, use) => {
    const dir = process.env.TESTBED_SCREENSHOTS ?? path.join(__dirname, '../../screenshots/local');
    mkdirSync(dir, { recursive: true });
    await use(async (name, options) => {
      const fullPage = !options?.viewport;
      await page.screenshot({ path: path.join(dir, `${name}.png`), fullPage, animations: 'disabled' });
    });
  },
});

/**
 * Starts another test-bed server (same binary, host and Prometheus as run.sh's) and resolves its
 * URL. `extraArgs` are more of its flags (e.g. -external-service-accounts: Grafana gives the
 * plugin a service account, so it can list the org's users and teams).
 */
export function startServer(
  dist: string,
  state: string,
  extraArgs: string[] = []
): Promise<{ url: string; stop: () => Promise<void> }> {
  const bin = process.env.TESTBED_SERVER_BIN;
  const hostDir = process.env.TESTBED_HOST_DIR;
  const prometheusURL = process.env.TESTBED_PROMETHEUS_URL;
  if (!bin || !hostDir || !prometheusURL) {
    throw new Error('TESTBED_SERVER_BIN, TESTBED_HOST_DIR and TESTBED_PROMETHEUS_URL are set by run.sh');
  }
  const args = [
    '-addr',
    '127.0.0.1:0',
    '-dist',
    dist,
    '-host-dir',
    hostDir,
    '-state',
    state,
    '-prometheus-url',
    prometheusURL,
    ...extraArgs,
  ];
  const child: ChildProcess = spawn(bin, args, { stdio: ['ignore', 'pipe', 'pipe'] });
  const stop = () =>
    new Promise<void>((resolve) => {
      if (child.exitCode !== null) {
        return resolve();
      }
      child.once('exit', () => resolve());
      child.kill('SIGTERM');
    });
  return new Promise((resolve, reject) => {
    let output = '';
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      const m = output.match(/testbed listening on (http:\/\/\S+)/);
      if (m) {
        resolve({ url: m[1].replace(/\/$/, ''), stop });
      }
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', onData);
    child.once('exit', (code) => reject(new Error(`test-bed server exited (${code}):\n${output}`)));
    setTimeout(() => reject(new Error(`test-bed server did not start:\n${output}`)), 60_000).unref();
  });
}

/** Signs `role` in to the test-bed server at `baseURL` (tests on a server of their own; `as` is for the suite's). */
export async function signInAt(context: BrowserContext, baseURL: string, role: Role) {
  await context.addCookies([{ name: 'testbed_identity', value: `${role}:1:${role.toLowerCase()}`, url: baseURL }]);
}

/** Calls `url` (absolute), expects `status` and answers the JSON body. */
export async function callAt<T>(
  request: APIRequestContext,
  method: string,
  url: string,
  data?: unknown,
  status = 200
): Promise<T> {
  const res = await request.fetch(url, { method, data });
  expect(res.status(), `${method} ${url}: ${await res.text()}`).toBe(status);
  return (await res.json()) as T;
}

/**
 * Waits until the back end at `baseURL` suggests `severity` for `service` from its metrics: the
 * synthetic fleet's error rate must have lasted the policy's sustained window in Prometheus first,
 * so this waits on data, not on time.
 */
export async function waitForSuggestedSeverity(
  request: APIRequestContext,
  baseURL: string,
  service: string,
  severity: string
) {
  await expect
    .poll(
      async () => {
        const res = await request.post(`${baseURL}/api/plugins/warroom-incident-app/resources/signals/evaluate`, {
          data: { services: [service], from: 'now-2m', to: 'now' },
        });
        expect(res.status(), await res.text()).toBe(200);
        return ((await res.json()) as { result?: { severity?: string } }).result?.severity;
      },
      { timeout: 60_000, intervals: [1000] }
    )
    .toBe(severity);
}

/** Declares an incident through the plugin's API as the request's identity; resolves its id and title. */
export async function declareViaApi(
  request: APIRequestContext,
  incident: { title: string; severity: string; services: string[] }
): Promise<{ id: string; title: string }> {
  const res = await request.post('/api/plugins/warroom-incident-app/resources/incidents', {
    data: incident,
    headers: { 'X-Grafana-Org-Id': '1' },
  });
  expect(res.status(), await res.text()).toBe(201);
  return (await res.json()) as { id: string; title: string };
}
