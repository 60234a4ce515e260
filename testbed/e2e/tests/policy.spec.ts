// The Severity policy page (/a/warroom-incident-app/policy): an Admin edits a level and saves it as
// the next version; a Viewer reads what each level means and promises, with no control to change it.
// The suite's server is shared: the policy is put back as it was after the edit.
import { APIRequestContext, Locator } from '@playwright/test';

import { expect, test } from './fixtures';

const PAGE = '/a/warroom-incident-app/policy';
const API = '/api/plugins/warroom-incident-app/resources';

type Policy = { version: number; levels: Array<{ severity: string; respondWithin: string }> };

async function getPolicy(request: APIRequestContext): Promise<Policy> {
  const res = await request.get(`${API}/policy`);
  expect(res.status()).toBe(200);
  return (await res.json()) as Policy;
}

test('an Admin edits a level on the Policy page and saves it as the next version', async ({ page, as, shot }) => {
  await as('Admin', 'ada');
  const original = await getPolicy(page.request);
  try {
    await page.goto(PAGE);
    const form = page.getByRole('main').getByRole('form', { name: 'Severity policy' });
    await expect(form).toBeVisible();
    await shot('policy');

    // A level's meaning is shown whole, in a multi-line box, not cut off in a one-line input.
    const meaning = form.getByLabel('P1 meaning');
    await expect(meaning).toHaveJSProperty('tagName', 'TEXTAREA');
    expect(await meaning.evaluate((el) => el.scrollHeight <= el.clientHeight)).toBe(true);
    // Each escalation rule's threshold and auto-apply switch sit on one line (centres within 2 px).
    const rules = form.getByRole('table', { name: 'Escalation rules' });
    const centre = async (l: Locator) => {
      const b = (await l.boundingBox())!;
      return b.y + b.height / 2;
    };
    for (const id of ['p3-persists', 'p3-customer-reports', 'p3-error-rate', 'p2-no-mitigation']) {
      const row = rules.getByRole('row', { name: new RegExp(`^${id} `) });
      const gap =
        (await centre(row.getByRole('switch'))) -
        (await centre(row.getByRole('textbox').or(row.getByRole('spinbutton'))));
      expect(Math.abs(gap), `${id}: switch vs threshold`).toBeLessThanOrEqual(2);
    }

    const respond = form.getByLabel('P4 respond within');
    await respond.fill('12h');
    await form.getByRole('button', { name: 'Save policy' }).click();
    await expect(page.getByText('Policy saved')).toBeVisible();
    await expect(page.getByText(`New incidents use version ${original.version + 1}.`)).toBeVisible();

    await page.reload();
    await expect(page.getByRole('main').getByLabel('P4 respond within')).toHaveValue('12h');
    const saved = await getPolicy(page.request);
    expect(saved.levels.find((l) => l.severity === 'P4')?.respondWithin).toBe('12h');
  } finally {
    const current = await getPolicy(page.request);
    const res = await page.request.put(`${API}/policy`, { data: { ...original, version: current.version } });
    expect(res.status(), await res.text()).toBe(200);
  }
});

test('a Viewer sees the Policy page read-only: what each level means, no inputs', async ({ page, as, shot }) => {
  await as('Viewer', 'victor');
  await page.goto('/a/warroom-incident-app/incidents');
  await page
    .getByRole('navigation', { name: 'Section navigation' })
    .getByRole('link', { name: 'Severity policy' })
    .click();
  await expect(page).toHaveURL(PAGE);

  const main = page.getByRole('main');
  const levels = main.getByRole('table', { name: 'Severity levels' });
  await expect(levels.getByRole('row', { name: /^P1 Full outage, data loss or corruption/ })).toBeVisible();
  await expect(levels.getByRole('row')).toHaveCount(5);
  await expect(levels.getByRole('columnheader', { name: 'Respond within' })).toBeVisible();
  await expect(levels.getByRole('columnheader', { name: 'Escalates to' })).toBeVisible();
  await expect(main.getByText('Only Admins change the policy.')).toBeVisible();
  await expect(main.getByRole('textbox')).toHaveCount(0);
  await expect(main.getByRole('button', { name: 'Save policy' })).toHaveCount(0);
  await shot('policy-viewer');
});
