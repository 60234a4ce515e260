// The incident page's timeline and status updates as an Editor drives them: the note box above a
// newest-first timeline, its kind filters, and a status update composed in the drawer that opens
// from the header's "Post update" — refused while the template's [placeholders] are left, posted once
// they are replaced. Each test declares the incident it uses.
import { APIRequestContext } from '@playwright/test';

import { declareViaApi, expect, test } from './fixtures';
import { openStatusUpdate } from './statusUpdate';

const APP = '/a/warroom-incident-app';

const declare = (request: APIRequestContext, title: string) =>
  declareViaApi(request, { title, severity: 'P2', services: ['card-payments'] });

test('a status update with a placeholder left is refused; replaced, it posts and leads the newest-first timeline', async ({
  page,
  as,
  shot,
}) => {
  await as('Editor', 'alice');
  const incident = await declare(page.request, `E2E timeline ${Date.now().toString(36)}: card payments declined`);
  await page.goto(`${APP}/incidents/${incident.id}`);
  const main = page.getByRole('main');
  const section = main.getByRole('region', { name: 'Timeline' });
  const timeline = section.getByRole('list', { name: 'Timeline' });
  await expect(timeline.getByRole('listitem').first()).toContainText('alice declared the incident as P2');

  // A note from the box above the timeline: it comes first, the declaration last.
  const noteForm = section.getByRole('form', { name: 'Add note' });
  await noteForm.getByLabel('Add a note').fill('Card processor answers 502');
  await noteForm.getByRole('button', { name: 'Post note' }).click();
  await expect(timeline.getByRole('listitem').first()).toContainText('Card processor answers 502');
  await expect(timeline.getByRole('listitem').last()).toContainText('declared the incident');

  // The drawer opens from the command bar (Acknowledge first); the investigating template leaves
  // [symptoms] to fill.
  const composer = await openStatusUpdate(page);
  await composer.getByRole('button', { name: 'Preview' }).click();
  const body = composer.getByLabel('Body');
  await expect(body).toHaveValue(/\[symptoms\]/);
  await composer.getByRole('button', { name: 'Post update' }).click();
  await expect(composer.getByText('Replace [symptoms] before posting')).toBeVisible();
  await expect(body).toHaveAttribute('aria-invalid', 'true');
  await shot('timeline-placeholder-refused');
  // Nothing was sent (the page under the modal drawer is hidden from the accessibility tree).
  await expect(page.getByText('Status updates (0)', { exact: true })).toBeAttached();
  await expect(page.getByText('posted a status update')).toHaveCount(0);

  const text = (await body.inputValue()).replace('[symptoms]', 'declined card payments');
  await body.fill(text);
  await expect(composer.getByText('Replace [symptoms] before posting')).toHaveCount(0);
  await composer.getByRole('button', { name: 'Post update' }).click();
  await expect(composer).toHaveCount(0);
  const newest = timeline.getByRole('listitem').first();
  await expect(newest).toContainText('alice posted a status update');
  await expect(newest).toContainText('We are currently investigating reports of declined card payments.');

  // The Status updates filter shows only the update.
  await section.getByRole('radio', { name: 'Status updates (1)' }).check({ force: true });
  await expect(timeline.getByRole('listitem')).toHaveCount(1);
  await expect(timeline.getByRole('listitem')).toContainText('posted a status update');
  await section.getByRole('radio', { name: /^Notes/ }).check({ force: true });
  await expect(timeline.getByRole('listitem')).toHaveCount(1);
  await expect(timeline.getByRole('listitem')).toContainText('Card processor answers 502');
  await shot('timeline-filtered');
});
