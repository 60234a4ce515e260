import { Locator, Page } from '@playwright/test';

import { expect } from './fixtures';

/**
 * Opens the incident page's status-update drawer as a responder would: Acknowledge first when
 * nobody has (the command bar's primary action follows the lifecycle), then Post update.
 * Resolves the drawer's composer form.
 */
export async function openStatusUpdate(page: Page): Promise<Locator> {
  const main = page.getByRole('main');
  const acknowledge = main.getByRole('button', { name: 'Acknowledge', exact: true });
  const postUpdate = main.getByRole('button', { name: 'Post update', exact: true });
  await expect(acknowledge.or(postUpdate)).toBeVisible();
  if (await acknowledge.isVisible()) {
    await acknowledge.click();
  }
  await postUpdate.click();
  const composer = page
    .getByRole('dialog', { name: 'Post a status update' })
    .getByRole('form', { name: 'Compose status update' });
  await expect(composer).toBeVisible();
  return composer;
}
