// The incident page's command bar at a laptop's 1280×800 (issue 17): what a responder needs at
// 3 a.m. is above the fold on load, and the one primary action walks the incident through its
// lifecycle; a Viewer sees the same facts without controls.
import { Locator, Page } from '@playwright/test';

import { declareViaApi, expect, test } from './fixtures';

const APP = '/a/warroom-incident-app';
const API = '/api/plugins/warroom-incident-app/resources';
const VIEWPORT = { width: 1280, height: 800 };

test.use({ viewport: VIEWPORT });

const runTag = () => `${Date.now().toString(36)}${Math.floor(Math.random() * 1e4)}`;

/** Declares a P2 on checkout-api through the API as the context's identity. */
const declare = async (page: Page, title: string) =>
  (await declareViaApi(page.request, { title, severity: 'P2', services: ['checkout-api'] })).id;

/** The command bar's facts, each expected on screen without scrolling. */
function commandBar(page: Page, title: string) {
  const main = page.getByRole('main');
  return {
    main,
    title: main.getByRole('heading', { name: title, level: 1 }),
    commander: main.getByText(/^Commander:/),
    deadline: main.getByRole('group', { name: 'Soonest deadline' }),
  };
}

async function expectAboveTheFold(what: string, locator: Locator) {
  await expect(locator, what).toBeVisible();
  const box = await locator.boundingBox();
  expect(box, what).not.toBeNull();
  expect(box!.y + box!.height, `${what} ends above the fold`).toBeLessThanOrEqual(VIEWPORT.height);
}

async function pickStatus(page: Page, status: string, title: string, reason: string, confirm: string) {
  await page.getByRole('main').getByRole('combobox', { name: 'Status' }).click();
  await page.getByRole('option', { name: status, exact: true }).click();
  const ask = page.getByRole('dialog', { name: title });
  await ask.getByLabel(/^Reason/).fill(reason);
  await ask.getByRole('button', { name: confirm, exact: true }).click();
  await expect(ask).toHaveCount(0);
}

test('as Editor: the command bar is above the fold and its primary action walks the lifecycle', async ({
  page,
  as,
  shot,
}) => {
  test.setTimeout(120_000);
  await as('Editor', 'alice');
  const title = `E2E command bar ${runTag()}: checkout 502s`;
  const id = await declare(page, title);
  await page.goto(`${APP}/incidents/${id}`);
  const bar = commandBar(page, title);
  const { main } = bar;
  const severity = main.getByRole('combobox', { name: 'Severity' });
  const status = main.getByRole('combobox', { name: 'Status' });
  const acknowledge = main.getByRole('button', { name: 'Acknowledge', exact: true });

  await expectAboveTheFold('the title', bar.title);
  await expect(main.getByText(id, { exact: true })).toBeVisible();
  await expectAboveTheFold('the severity', severity);
  await expect(severity).toHaveValue('P2');
  await expectAboveTheFold('the status', status);
  await expect(status).toHaveValue('Investigating');
  await expectAboveTheFold('the commander', bar.commander);
  await expect(bar.commander).toContainText('Commander: nobody yet');
  await expectAboveTheFold('the soonest deadline', bar.deadline);
  await expect(bar.deadline).toContainText(/Respond by\s*On track\s*\d+m \d\ds left/);
  await expectAboveTheFold('the primary action', acknowledge);

  // Assign to me: the commander is the signed-in user.
  await main.getByRole('button', { name: 'Assign to me' }).click();
  await expect(bar.commander).toHaveText(/^Commander: alice/);
  await expect(main.getByRole('button', { name: 'Assign to me' })).toHaveCount(0);

  // Acknowledge → the primary action becomes Post update, which opens the drawer.
  await acknowledge.click();
  await expect(acknowledge).toHaveCount(0);
  const postUpdate = main.getByRole('button', { name: 'Post update', exact: true });
  await expectAboveTheFold('Post update', postUpdate);
  await shot('incident-page', { viewport: true });
  await postUpdate.click();
  const drawer = page.getByRole('dialog', { name: 'Post a status update' });
  const composer = drawer.getByRole('form', { name: 'Compose status update' });
  await composer.getByLabel('Body').fill('Rolling back the checkout deploy; next update in 15 minutes.');
  await composer.getByRole('button', { name: 'Post update' }).click();
  await expect(drawer).toHaveCount(0);
  const timeline = main.getByRole('list', { name: 'Timeline' });
  await expect(timeline.getByRole('listitem').filter({ hasText: 'posted a status update' })).toHaveCount(1);

  // Monitoring through the status control, with a reason → the primary action is Resolve.
  await pickStatus(page, 'Monitoring', 'Change status to Monitoring', 'Error rate back under 1%', 'Change status');
  await expect(status).toHaveValue('Monitoring');
  await expect(timeline.getByRole('listitem').filter({ hasText: 'changed status' })).toContainText(
    'alice changed status from investigating to monitoringError rate back under 1%'
  );
  const resolve = main.getByRole('button', { name: 'Resolve', exact: true });
  await expectAboveTheFold('Resolve', resolve);
  await expect(postUpdate, 'Post update stays beside Resolve').toBeVisible();

  // Resolve asks why, then the incident is read-only and the post-mortem is the way on.
  await resolve.click();
  const ask = page.getByRole('dialog', { name: 'Resolve the incident' });
  await ask.getByLabel(/^Reason/).fill('Normal for 30 minutes');
  await ask.getByLabel(/^Reason/).press('Enter');
  await expect(main.getByText('Resolved — read-only')).toBeVisible();
  await expect(main.getByRole('group', { name: 'Status' })).toContainText('Resolved');
  await expect(main.getByRole('combobox', { name: /^(Severity|Status)$/ })).toHaveCount(0);
  await expectAboveTheFold('the post-mortem link', main.getByRole('link', { name: 'Post-mortem', exact: true }));
  for (const name of ['Acknowledge', 'Post update', 'Resolve', 'Assign to me']) {
    await expect(main.getByRole('button', { name, exact: true }), `no "${name}" once resolved`).toHaveCount(0);
  }
});

test('as Viewer: the same facts above the fold, and no controls', async ({ page, as, shot }) => {
  await as('Editor', 'alice');
  const title = `E2E command bar ${runTag()}: viewer`;
  const id = await declare(page, title);

  await as('Viewer', 'victor');
  const me = page.waitForResponse((r) => r.url().endsWith(`${API}/me`) && r.ok());
  await page.goto(`${APP}/incidents/${id}`);
  await me;
  const bar = commandBar(page, title);
  const { main } = bar;
  await expectAboveTheFold('the title', bar.title);
  await expectAboveTheFold('the severity', main.getByRole('group', { name: 'Severity' }));
  await expect(main.getByRole('group', { name: 'Severity' })).toContainText('P2');
  await expectAboveTheFold('the status', main.getByRole('group', { name: 'Status' }));
  await expect(main.getByRole('group', { name: 'Status' })).toContainText('Investigating');
  await expectAboveTheFold('the commander', bar.commander);
  await expectAboveTheFold('the soonest deadline', bar.deadline);
  await expect(bar.deadline).toContainText('Respond by');

  await expect(main.getByRole('combobox', { name: /^(Severity|Status)$/ })).toHaveCount(0);
  for (const name of ['Acknowledge', 'Post update', 'Resolve', 'Assign to me', 'Mark done', 'Post note']) {
    await expect(main.getByRole('button', { name, exact: true }), `no "${name}" for a Viewer`).toHaveCount(0);
  }
  await shot('incident-page-viewer', { viewport: true });
});
