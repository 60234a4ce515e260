// Diagnostics from the incident page, on a test-bed server of its own (its settings change): a real
// moto (internal/testenv/cmd/motoseed) seeded with a service in trouble (an unhealthy target, an ECS
// service running 1 of 3 with OOM-killed tasks, error lines in its logs), the app's AWS settings
// pointing at it and its catalog naming the seeded resources and a health URL of the synthetic
// fleet. An Editor runs diagnostics and reads the findings and the suggested runbook with its
// commands filled from the catalog.
import { ChildProcess, execFileSync, spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

import { APIRequestContext, BrowserContext } from '@playwright/test';

import { callAt, expect, type Role, signInAt, startServer, test } from './fixtures';

const APP = '/a/warroom-incident-app';
const API = '/api/plugins/warroom-incident-app/resources';
const SETTINGS = '/api/plugins/warroom-incident-app/settings';

let server: { url: string; stop: () => Promise<void> };
let moto: { child: ChildProcess; endpoint: string; target: Record<string, string> };

/** Builds and starts motoseed; resolves once it has seeded moto and printed its endpoint. */
function startMoto(tmp: string): Promise<typeof moto> {
  const root = path.resolve(__dirname, '../../..');
  const bin = path.join(tmp, 'motoseed');
  execFileSync('go', ['build', '-o', bin, './internal/testenv/cmd/motoseed'], { cwd: root, stdio: 'inherit' });
  // stdin stays open: motoseed stops moto when it closes (also if this process dies).
  const child = spawn(bin, ['-name', 'statux'], { cwd: root, stdio: ['pipe', 'pipe', 'pipe'] });
  return new Promise((resolve, reject) => {
    let out = '';
    let err = '';
    child.stdout!.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      const line = out.split('\n').find((l) => l.startsWith('{'));
      if (line) {
        const seeded = JSON.parse(line) as { endpoint: string; target: Record<string, string> };
        resolve({ child, endpoint: seeded.endpoint, target: seeded.target });
      }
    });
    child.stderr!.on('data', (chunk: Buffer) => (err += chunk.toString()));
    child.once('exit', (code) => reject(new Error(`motoseed exited (${code}):\n${err}`)));
    setTimeout(() => reject(new Error(`motoseed did not seed moto in time:\n${err}`)), 150_000).unref();
  });
}

test.beforeAll(async () => {
  test.setTimeout(240_000);
  const dist = process.env.TESTBED_DIST;
  if (!dist) {
    throw new Error('TESTBED_DIST is set by run.sh');
  }
  const tmp = mkdtempSync(path.join(os.tmpdir(), 'warroom-diagnostics-'));
  [moto, server] = await Promise.all([startMoto(tmp), startServer(dist, path.join(tmp, 'state'))]);
});

test.afterAll(async () => {
  await server?.stop();
  if (moto && moto.child.exitCode === null) {
    const exited = new Promise((resolve) => moto.child.once('exit', resolve));
    moto.child.stdin!.end();
    await exited;
  }
});

const signIn = (context: BrowserContext, role: Role) => signInAt(context, server.url, role);

const call = <T>(request: APIRequestContext, method: string, url: string, data?: unknown, status = 200) =>
  callAt<T>(request, method, `${server.url}${url}`, data, status);

test('an editor runs diagnostics on an incident and reads the findings and the suggested runbook', async ({
  page,
  context,
  shot,
}) => {
  test.setTimeout(120_000);
  await signIn(context, 'Admin');
  await call(page.request, 'POST', SETTINGS, {
    enabled: true,
    pinned: true,
    jsonData: {
      services: [
        {
          name: 'statux',
          selector: 'service="statux"',
          healthUrl: `${process.env.TESTBED_SYNTHETIC_URL}/control`,
          aws: moto.target,
        },
      ],
      reevaluateEvery: 'off',
      diagnostics: { aws: { authType: 'keys', endpoint: moto.endpoint, defaultRegion: 'us-east-1' } },
    },
    secureJsonData: { awsAccessKey: 'AKIAWARROOMTEST', awsSecretKey: 'testing' },
  });
  const incident = await call<{ id: string }>(
    page.request,
    'POST',
    `${API}/incidents`,
    { title: 'statux is failing', severity: 'P2', services: ['statux'] },
    201
  );

  await signIn(context, 'Editor');
  await page.goto(`${server.url}${APP}/incidents/${incident.id}`);
  const diagnostics = page.getByRole('region', { name: 'Diagnostics' });
  await expect(diagnostics.getByText('No diagnostics have run for this incident yet.')).toBeVisible();
  await diagnostics.getByRole('button', { name: 'Run diagnostics' }).click();

  // Progress while it runs, then the verdict; the page stays usable meanwhile.
  const status = diagnostics.getByRole('status');
  await expect(status).toContainText(/checks/);
  await expect(status).toContainText(/Critical \d+ checks: \d+ critical/, { timeout: 60_000 });

  // Several critical findings: the service's findings are folded to a summary until opened.
  const findings = diagnostics.getByRole('group', { name: 'Findings of statux' });
  const fold = findings.getByRole('button', { name: /statux: \d+ critical/ });
  await expect(fold).toHaveAttribute('aria-expanded', 'false');
  await expect(findings.getByText(/answered 200 OK/)).toHaveCount(0);
  await fold.click();
  await expect(findings.getByText(/1 of 3 targets unhealthy in statux-tg/)).toBeVisible();
  await expect(findings.getByText(/ECS service statux running 1\/3/)).toBeVisible();
  await expect(findings.getByText(/answered 200 OK/)).toBeVisible();

  // Each runbook folded to its title until opened.
  const runbook = diagnostics.getByRole('article', { name: 'Runbook: Service down / 502 errors (statux)' });
  await runbook.getByRole('button', { name: /Service down \/ 502 errors/ }).click();
  await expect(runbook.getByText('Load balancer targets are unhealthy', { exact: false })).toBeVisible();
  await expect(
    runbook
      .getByText("aws autoscaling start-instance-refresh --auto-scaling-group-name 'statux-asg'", { exact: false })
      .first()
  ).toBeVisible();
  await expect(runbook.getByRole('button', { name: /^Copy command/ }).first()).toBeVisible();
  // Editors do not remediate.
  await expect(diagnostics.getByRole('button', { name: /^Run:/ })).toHaveCount(0);

  await shot('diagnostics-findings');

  // The evidence is on the timeline.
  await expect(page.getByRole('region', { name: 'Timeline' }).getByText(/ran diagnostics \(critical\)/)).toBeVisible();
});
