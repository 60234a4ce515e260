// Two responders on one incident, in two browser pages with two identities: a change one makes
// shows in the other's page within seconds without a reload. The test bed has no Grafana Live
// server, so this exercises the fallback the hook uses wherever Live is unavailable: polling the
// incident's version and timeline every 5 s (src/live/useIncidentChanges.ts).
import { expect, test } from './fixtures';

const API = '/api/plugins/warroom-incident-app/resources';

test('a note and a status change made by one responder show in the other’s open page within seconds', async ({
  page,
  as,
  browser,
  baseURL,
}) => {
  await as('Editor', 'eddie');
  const res = await page.request.post(`${API}/incidents`, {
    data: { title: `Live e2e ${Date.now()}`, severity: 'P2', services: ['checkout-api'] },
  });
  expect(res.status()).toBe(201);
  const incident = (await res.json()) as { id: string; version: number };
  await page.goto(`/a/warroom-incident-app/incidents/${incident.id}`);
  await expect(page.getByRole('region', { name: 'Timeline' })).toBeVisible();

  // The second responder: own context (own cookie), own page.
  const other = await browser.newContext({ baseURL });
  await other.addCookies([{ name: 'testbed_identity', value: 'Editor:1:olga', url: baseURL! }]);
  const second = await other.newPage();
  const problems: string[] = [];
  second.on('pageerror', (e) => problems.push(e.message));
  second.on('console', (m) => m.type() === 'error' && problems.push(m.text()));
  try {
    await second.goto(`/a/warroom-incident-app/incidents/${incident.id}`);
    const note = `Rolling back from olga ${Date.now()}`;
    await second.getByLabel(/^Add a note/).fill(note);
    await second.getByRole('button', { name: 'Post note' }).click();
    await expect(second.getByRole('region', { name: 'Timeline' })).toContainText(note);

    // The first page shows it without a reload (one poll period plus the fetch).
    const started = Date.now();
    await expect(page.getByRole('region', { name: 'Timeline' })).toContainText(note, { timeout: 8_000 });
    expect(Date.now() - started).toBeLessThan(8_000);

    // A status change (a new version) made in the first page reaches the second.
    await page.getByRole('combobox', { name: 'Status' }).click();
    await page.getByRole('option', { name: 'Identified', exact: true }).click();
    const ask = page.getByRole('dialog', { name: 'Change status to Identified' });
    await ask.getByLabel(/^Reason/).fill('Bad deploy found');
    await ask.getByRole('button', { name: 'Change status' }).click();
    await expect(page.getByRole('region', { name: 'Timeline' })).toContainText('Bad deploy found');
    await expect(second.getByRole('region', { name: 'Timeline' })).toContainText('Bad deploy found', {
      timeout: 8_000,
    });
    await expect(second.getByRole('combobox', { name: 'Status' })).toHaveValue('Identified');
    expect(problems).toEqual([]);
  } finally {
    await other.close();
  }
});
