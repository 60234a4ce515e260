// Escalation timers as responders see them: under a short test policy (P1 respond-within 20 s,
// saved through PUT /policy as an Admin, and restored afterwards), the nested timers panel on a
// dashboard whose `service` variable names the incident's service counts the incident's respond-by
// down, turns it "Due soon" when the server says the warning window starts, then "Breached" at the
// deadline, on one card with the update due at the same moment, red; the row links to the incident
// page, whose Timers section shows the same red card and a page-level alert. Resolved, each timer
// says "Stopped" once.
import { APIRequestContext, Locator } from '@playwright/test';

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

type Level = { severity: string; respondWithin: string; updateEvery?: string };
type Policy = { version: number; levels: Level[] };

// Case-sensitive: the state words are capitalised, the words around them are not ("Breachedoverdue by 3s").
const STATE_WORD = /On track|Due soon|Breached|Met\b|Missed|Stopped/g;

/** Each card says its state once ("Stopped", never "STOPPED Stopped"). */
async function expectOneStateWordPerCard(cards: Locator) {
  for (const text of await cards.allInnerTexts()) {
    expect(text.match(STATE_WORD), text).toHaveLength(1);
  }
}

/** The card's background is a red tint (theme error colour), not the neutral card's. */
async function expectRedCard(card: Locator) {
  const bg = await card.evaluate((el) => getComputedStyle(el).backgroundColor);
  const [r, g, b, a = 1] = (bg.match(/[\d.]+/g) ?? []).map(Number);
  expect(a, bg).toBeGreaterThan(0);
  expect(r, bg).toBeGreaterThan(g);
  expect(r, bg).toBeGreaterThan(b);
}

test('the timers panel counts a P1 respond-by down to breached, and the incident page shows the timers', async ({
  page,
  as,
  shot,
}) => {
  test.setTimeout(120_000);
  await as('Admin', 'ada');
  const original = await api<Policy>(page.request, 'GET', '/policy');
  // Respond-by and the first update fall due together, as in the default P1 policy (15m each).
  const short = {
    ...original,
    levels: original.levels.map((l) => (l.severity === 'P1' ? { ...l, respondWithin: '20s', updateEvery: '20s' } : l)),
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
    // One card for the two timers due at the same moment.
    const respond = row.getByRole('listitem', { name: 'Respond by · Next update due' });
    await expect(respond).toContainText(/On track\d+s left/);
    await expect(row.getByRole('listitem', { name: 'Resolve by' })).toContainText(/On track1h \d\dm left/);
    await expectOneStateWordPerCard(row.getByRole('listitem'));
    await shot('timers-panel-running');

    // The last 20% of the window (policy warningFraction) is the warning: the server announced
    // when it starts (nextChange) and the panel refetched then.
    await expect(respond).toHaveAttribute('data-state', 'warning', { timeout: 25_000 });
    await expect(respond).toContainText('Due soon');
    await expect(respond).toHaveAttribute('data-state', 'breached', { timeout: 15_000 });
    await expect(respond).toContainText(/Breachedoverdue by \d+s/);
    await expectRedCard(respond);
    await expectOneStateWordPerCard(row.getByRole('listitem'));
    await shot('timers-panel-breached');

    // Click-through to the incident page: the Timers section, and a page-level alert.
    await row.getByRole('link', { name: `Checkout down ${service}` }).click();
    await expect(page).toHaveURL(new RegExp(`/a/warroom-incident-app/incidents/${incident.id}$`));
    await expect(page.getByRole('alert').filter({ hasText: 'Respond by · Next update due breached' })).toContainText(
      'escalate or acknowledge'
    );
    const timers = page.getByRole('region', { name: 'Timers' });
    const merged = timers.getByRole('listitem', { name: 'Respond by · Next update due' });
    await expect(merged).toContainText(/Breachedoverdue by \d+s/);
    await expect(merged).toHaveAttribute('data-state', 'breached');
    await expectRedCard(merged);
    await expect(timers.getByRole('listitem', { name: /^Next escalation: / })).toContainText(/On track1\dm \d\ds left/);
    await expect(timers.getByRole('listitem', { name: 'Resolve by' })).toContainText(/On track1h \d\dm left/);
    await expect(timers).toContainText('Engaged now:');
    await expectOneStateWordPerCard(timers.getByRole('listitem'));
    await expect(page.getByRole('region', { name: 'Metrics' })).toBeVisible();
    await shot('incident-timers');

    // Resolved: the running timers stop, and each says so once.
    await as('Admin', 'ada');
    const current = await api<{ version: number }>(page.request, 'GET', `/incidents/${incident.id}`);
    await api(page.request, 'PATCH', `/incidents/${incident.id}`, {
      version: current.version,
      status: 'resolved',
      reason: 'e2e: timers stop on resolution',
    });
    await page.reload();
    await expect(timers.getByRole('listitem', { name: 'Next update due' })).toHaveText(/^Next update dueStopped$/);
    await expect(timers.getByRole('listitem', { name: 'Respond by' })).toContainText(
      'Stoppedresolved without an acknowledgement'
    );
    await expectOneStateWordPerCard(timers.getByRole('listitem'));
    await expect(page.getByRole('alert').filter({ hasText: 'breached' })).toHaveCount(0);
    await shot('incident-timers-resolved');
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
