// Drafts are never lost (issue 14 §6): two Editors in two browser contexts. While Ana writes the
// post-mortem, Ben ticks the checklist on the incident page: the post-mortem has its own version,
// so Ana's save goes through, and her unsaved text survives a reload of her page on the way. Then
// a real conflict: Ben saves the post-mortem while Ana has unsaved text; Ana's save shows both
// texts side by side and she keeps hers.
import { Page } from '@playwright/test';

import { expect, expectStatus, test } from './fixtures';

const APP = '/a/warroom-incident-app';
const API = '/api/plugins/warroom-incident-app/resources';

type PostmortemView = { version: number; saved: boolean; doc: { summary: string; whatHappened: string } };

async function openPostmortem(page: Page, id: string) {
  await page.goto(`${APP}/incidents/${id}/postmortem`);
  const form = page.getByRole('main').getByRole('form', { name: 'Post-mortem' });
  await expect(form.getByLabel('Summary', { exact: true })).toBeVisible();
  return form;
}

/** Waits until the editor has kept its draft in the browser (it writes after a pause in typing). */
async function draftKept(page: Page, text: string) {
  await expect
    .poll(() =>
      page.evaluate(() =>
        Object.keys(localStorage)
          .filter((k) => k.startsWith('warroom-incident-app/postmortem-draft/'))
          .map((k) => localStorage.getItem(k))
          .join('\n')
      )
    )
    .toContain(text);
}

/** The status of the page's next PUT of the post-mortem. */
async function savedBy(page: Page, id: string) {
  const res = await page.waitForResponse(
    (r) => r.request().method() === 'PUT' && r.url().endsWith(`/incidents/${id}/postmortem`),
    { timeout: 15_000 } // a click that sent nothing fails here, not at the test's timeout
  );
  return res.status();
}

test('a checklist tick does not lose a post-mortem draft, and a real conflict shows both texts', async ({
  page,
  as,
  browser,
  baseURL,
}) => {
  const tag = `${Date.now().toString(36)}${Math.floor(Math.random() * 1e4)}`;
  await as('Editor', 'ana');
  const declared = await page.request.post(`${API}/incidents`, {
    data: { title: `Drafts e2e ${tag}`, severity: 'P2', services: [`svc-${tag}`] },
    headers: { 'X-Grafana-Org-Id': '1' },
  });
  expect(declared.status()).toBe(201);
  const { id } = (await declared.json()) as { id: string };

  const ben = await browser.newContext({ baseURL });
  await ben.addCookies([{ name: 'testbed_identity', value: 'Editor:1:ben', url: baseURL! }]);
  const benPage = await ben.newPage();
  const problems: string[] = [];
  benPage.on('pageerror', (e) => problems.push(e.message));
  benPage.on('console', (m) => m.type() === 'error' && problems.push(m.text()));
  try {
    // Ana writes; her page reloads before she saves: the draft comes back.
    let pm = await openPostmortem(page, id);
    const summary = `Checkout returned 502s after the ${tag} deploy.`;
    await pm.getByLabel('Summary', { exact: true }).fill(summary);
    await draftKept(page, summary);
    await page.reload();
    pm = await openPostmortem(page, id);
    await expect(page.getByText(/^Restored your unsaved draft from /)).toBeVisible();
    await expect(pm.getByLabel('Summary', { exact: true })).toHaveValue(summary);

    // Ben ticks the checklist on the incident page meanwhile: the incident's version moves.
    await benPage.goto(`${APP}/incidents/${id}`);
    const ticket = benPage.getByRole('region', { name: 'Initial checklist' }).getByRole('checkbox', {
      name: 'Create incident ticket',
    });
    const ticked = benPage.waitForResponse(
      (r) => r.request().method() === 'PATCH' && r.url().endsWith(`/incidents/${id}`),
      { timeout: 15_000 }
    );
    await expect(ticket).toBeEnabled();
    // Click the label as a person does: Playwright waits until it is stable and not covered. A forced
    // click on the visually hidden input landed on whatever covered it while the page was still laying
    // out on a loaded machine, and no PATCH was sent. (Its state changes once the PATCH is answered.)
    await benPage
      .getByRole('region', { name: 'Initial checklist' })
      .getByText('Create incident ticket', { exact: true })
      .click();
    expect((await ticked).status()).toBe(200);
    await expect(ticket).toBeChecked();

    // Ana saves: her post-mortem version is still current, so nothing is refused or lost.
    let saved = savedBy(page, id);
    await pm.getByRole('button', { name: 'Save', exact: true }).click();
    expect(await saved).toBe(200);
    await expect(page.getByText('Post-mortem saved')).toBeVisible();
    await expect(pm.getByLabel('Summary', { exact: true })).toHaveValue(summary);
    let stored = (await (await page.request.get(`${API}/incidents/${id}/postmortem`)).json()) as PostmortemView;
    expect(stored.doc.summary).toBe(summary);
    const incident = (await (await page.request.get(`${API}/incidents/${id}`)).json()) as {
      details: { checklist: { id: string; done: boolean }[] };
    };
    expect(incident.details.checklist.find((c) => c.id === 'ticket')?.done, 'Ben’s tick is kept').toBe(true);

    // A real conflict: Ana has unsaved text when Ben saves the post-mortem.
    const anas = `Ana: a config flag flipped in the ${tag} deploy.`;
    const bens = `Ben: the canary was skipped for ${tag}.`;
    await pm.getByLabel('What happened', { exact: true }).fill(anas);
    const benPm = await openPostmortem(benPage, id);
    await benPm.getByLabel('What happened', { exact: true }).fill(bens);
    await benPm.getByRole('button', { name: 'Save', exact: true }).click();
    await expect(benPage.getByText('Post-mortem saved')).toBeVisible();

    expectStatus(page, new RegExp(`/incidents/${id}/postmortem$`), 409);
    saved = savedBy(page, id);
    await pm.getByRole('button', { name: 'Save', exact: true }).click();
    expect(await saved, 'Ana’s save on the old version is refused').toBe(409);
    const compare = page.getByRole('region', { name: 'Compare What happened' });
    await expect(compare.getByLabel('Yours')).toHaveValue(anas);
    await expect(compare.getByLabel('Theirs (saved)')).toHaveValue(bens);
    await expect(page.getByText(/^ben saved this post-mortem at .* while you were editing$/)).toBeVisible();
    await expect(pm.getByLabel('What happened', { exact: true })).toHaveValue(anas);

    saved = savedBy(page, id);
    await page.getByRole('button', { name: 'Keep mine and save' }).click();
    expect(await saved).toBe(200);
    await expect(page.getByRole('region', { name: 'Conflicting edits' })).toHaveCount(0);
    stored = (await (await page.request.get(`${API}/incidents/${id}/postmortem`)).json()) as PostmortemView;
    expect(stored.doc.whatHappened).toBe(anas);
    expect(stored.doc.summary).toBe(summary);
    expect(problems).toEqual([]);
  } finally {
    await ben.close();
  }
});
