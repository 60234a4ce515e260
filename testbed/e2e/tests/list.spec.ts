// The incident list as a triage view: P1 first by default (sortable from the headers), filters and
// sort kept in the URL across a reload, and a new incident declared by another user showing up on
// its own within 10 s (the list polls). Each test declares its incidents under a service of its own.
import { APIRequestContext } from '@playwright/test';

import { declareViaApi, expect, test } from './fixtures';

const APP = '/a/warroom-incident-app';

/** A unique service per test run, so repeated runs against one server never see each other's rows. */
const uniqueService = () => `triage-${Date.now().toString(36)}${Math.floor(Math.random() * 1e4)}`;

const declare = (request: APIRequestContext, title: string, severity: string, service: string) =>
  declareViaApi(request, { title, severity, services: [service] });

test('the list sorts P1 first by default, and the Severity header reverses it', async ({ page, as, shot }) => {
  await as('Editor', 'erin');
  const service = uniqueService();
  await declare(page.request, `P3 first declared ${service}`, 'P3', service);
  await declare(page.request, `P1 declared later ${service}`, 'P1', service);

  await page.goto(`${APP}/incidents?service=${service}`);
  const main = page.getByRole('main');
  const rows = main.getByRole('row');
  await expect(rows).toHaveCount(3);
  await expect(rows.nth(1)).toContainText(`P1 declared later ${service}`);
  await expect(main.getByRole('columnheader', { name: 'Severity' })).toHaveAttribute('aria-sort', 'descending');
  // The title is the link to the incident.
  await expect(rows.nth(1).getByRole('link', { name: `P1 declared later ${service}` })).toHaveAttribute(
    'href',
    /\/a\/warroom-incident-app\/incidents\/INC-/
  );
  await expect(rows.nth(1).getByRole('cell', { name: /Respond by/ })).toBeVisible();
  await shot('incidents-triage');

  await main.getByRole('button', { name: 'Severity', exact: true }).click();
  await expect(main.getByRole('columnheader', { name: 'Severity' })).toHaveAttribute('aria-sort', 'ascending');
  await expect(rows.nth(1)).toContainText(`P3 first declared ${service}`);
});

test('filters and sort survive a reload', async ({ page, as }) => {
  await as('Editor', 'erin');
  const service = uniqueService();
  await declare(page.request, `P2 kept ${service}`, 'P2', service);
  await declare(page.request, `P4 filtered out ${service}`, 'P4', service);

  await page.goto(`${APP}/incidents`);
  const main = page.getByRole('main');
  const serviceField = main.getByLabel('Service');
  await serviceField.fill(service);
  await serviceField.press('Enter');
  await main.getByRole('radio', { name: 'P2' }).check({ force: true });
  await main.getByRole('button', { name: 'Age', exact: true }).click();
  await expect(page).toHaveURL(new RegExp(`severity=P2.*service=${service}.*sort=created&order=asc`));

  await page.reload();
  await expect(main.getByRole('radio', { name: 'P2' })).toBeChecked();
  await expect(main.getByLabel('Service')).toHaveValue(service);
  await expect(main.getByRole('columnheader', { name: 'Age' })).toHaveAttribute('aria-sort', 'descending');
  await expect(main.getByRole('row')).toHaveCount(2);
  await expect(main.getByRole('link', { name: `P2 kept ${service}` })).toBeVisible();
});

test('a new incident declared by another user appears within 10 s', async ({ page, as, playwright, baseURL }) => {
  await as('Viewer', 'vera');
  const service = uniqueService();
  await page.goto(`${APP}/incidents?service=${service}`);
  const main = page.getByRole('main');
  await expect(main.getByText('No incidents match these filters')).toBeVisible();

  const other = await playwright.request.newContext({
    baseURL,
    extraHTTPHeaders: { Cookie: 'testbed_identity=Editor:1:otto' },
  });
  try {
    await declare(other, `Declared by otto ${service}`, 'P2', service);
  } finally {
    await other.dispose();
  }
  await expect(main.getByRole('link', { name: `Declared by otto ${service}` })).toBeVisible({ timeout: 10_000 });
});
