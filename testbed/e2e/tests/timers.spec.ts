// Escalation timers as responders see them: under a short test policy (P1 respond-within 20 s,
// saved through PUT /policy as an Admin, and restored afterwards), the nested timers panel on a
// dashboard whose `service` variable names the incident's service counts the incident's respond-by
// down, turns it "Due soon" when the server says the warning window starts, then "Breached" at the
// deadline; the row links to the incident page, whose Timers section shows every countdown beside
// the graphs with the same breach.
import { APIRequestContext } from '@playwright/test';

import { expect, test } from './fixtures';

const API = '/api/plugins/warroom-incident-app/resources';

const runTag = () => `${Date.now().toString(36)}${Math.floor(Math.random() * 1e4)}`;

async function api<T>(
  request: APIRequestContext,
  method: string,
  path: string,
  data?: unknown,
  status = 200
): Promise<T> {
  const res = await request.fetch(`${API}${path}`, { method, data });
  expect(res.status(), `${method} ${path}: ${await res.text()}`).toBe(status);
  return (await res.json()) as T;
}

type Level = { severity: string; respondWithin: string };
type Policy = { version: number; levels: Level[] };

test('the timers panel counts a P1 respond-by down to breached, and the incident page shows the timers', async ({
  page,
  as,
  shot,
}) => {
  test.setTimeout(120_000);
  await as('Admin', 'ada');
  const original = await api<Policy>(page.request, 'GET', '/policy');
  const short = {
    ...original,
    levels: original.levels.map((l) => (l.severity === 'P1' ? { ...l, respondWithin: '20s' } : l)),
  };
  const saved = await api<Policy>(page.request, 'PUT', '/policy', short);
  try {
    const service = `timers-e2e-${runTag()}`;
    const incident = await api<{ id: string }>(
      page.request,
      'POST',
      '/incidents',
      { title: `Checkout down ${service}`, severity: 'P1', services: [service] },
      201
    );

    await as('Viewer', 'vera');
    await page.goto(`/d/warroom-timers?var-service=${service}`);
    const panel = page.getByRole('region', { name: 'Panel: Incident timers' });
    const row = panel.getByRole('listitem', { name: new RegExp(`^${incident.id} `) });
    const respond = row.getByRole('listitem', { name: 'Respond by' });
    await expect(respond).toContainText(/On track\d+s left/);
    await expect(row.getByRole('listitem', { name: 'Resolve by' })).toContainText(/On track1h \d\dm left/);
    await shot('timers-panel-running');

    // The last 20% of the window (policy warningFraction) is the warning: the server announced
    // when it starts (nextChange) and the panel refetched then.
    await expect(respond.locator('[data-state]')).toHaveAttribute('data-state', 'warning', { timeout: 25_000 });
    await expect(respond).toContainText('Due soon');
    await expect(respond.locator('[data-state]')).toHaveAttribute('data-state', 'breached', { timeout: 15_000 });
    await expect(respond).toContainText(/Breached\d+s overdue/);
    await shot('timers-panel-breached');

    // Click-through to the incident page: the Timers section beside the graphs.
    await row.getByRole('link', { name: `Checkout down ${service}` }).click();
    await expect(page).toHaveURL(new RegExp(`/a/warroom-incident-app/incidents/${incident.id}$`));
    const timers = page.getByRole('region', { name: 'Timers' });
    await expect(timers.getByRole('listitem', { name: 'Respond by' })).toContainText(/Breached\d+s overdue/);
    await expect(timers.getByRole('listitem', { name: 'Next update due' })).toContainText(/On track1\dm \d\ds left/);
    await expect(timers.getByRole('listitem', { name: /^Next escalation: / })).toContainText(/On track1\dm \d\ds left/);
    await expect(timers.getByRole('listitem', { name: 'Resolve by' })).toContainText(/On track1h \d\dm left/);
    await expect(timers).toContainText('Engaged now:');
    await expect(page.getByRole('region', { name: 'Metrics' })).toBeVisible();
    await shot('incident-timers');
  } finally {
    await as('Admin', 'ada');
    await api(page.request, 'PUT', '/policy', { ...original, version: saved.version });
  }
});

test('the timers panel says when the dashboard’s services have no active incident', async ({ page, as }) => {
  await as('Viewer', 'vera');
  const service = `quiet-${runTag()}`;
  await page.goto(`/d/warroom-timers?var-service=${service}&var-service=${service}-2`);
  await expect(page.getByRole('region', { name: 'Panel: Incident timers' })).toContainText(
    `No active incidents for ${service}, ${service}-2.`
  );
});
