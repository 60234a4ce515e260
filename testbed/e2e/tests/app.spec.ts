// The app pages as Grafana users see them: the list of incidents, one incident, declaring one,
// and what a Viewer may not do (no declare/edit controls; plugin.json `role: Editor` on Declare).
import { expect, test } from './fixtures';

const APP = '/a/warroom-incident-app';
const INCIDENT_URL = new RegExp(`${APP}/incidents/INC-\\d{4}-\\d{2}-\\d{2}-\\d{3}$`);

test('the app loads at /incidents and lists the demo incidents', async ({ page, shot }) => {
  await page.goto(`${APP}/incidents`);
  const main = page.getByRole('main');
  await expect(main.getByRole('heading', { name: 'Incidents', level: 1 })).toBeVisible();
  await expect(main.getByRole('cell', { name: 'Checkout API returning 502s' })).toBeVisible();
  await expect(main.getByRole('cell', { name: 'Database connection pool exhausted' })).toBeVisible();
  await expect(page.getByTestId('extension-errors')).toBeEmpty();
  await shot('incidents');
});

test('navigates from the list to an incident, back, and to Declare', async ({ page, shot }) => {
  await page.goto(`${APP}/incidents`);
  const main = page.getByRole('main');
  const row = main.getByRole('row', { name: /Checkout API returning 502s/ });
  await row.getByRole('link').first().click();
  await expect(page).toHaveURL(INCIDENT_URL);
  await expect(main.getByRole('heading', { name: 'Checkout API returning 502s' })).toBeVisible();
  await expect(main.getByRole('region', { name: 'Timeline' })).toBeVisible();
  await shot('incident');

  await page.getByRole('navigation', { name: 'Section navigation' }).getByRole('link', { name: 'Incidents' }).click();
  await expect(page).toHaveURL(`${APP}/incidents`);
  await main.getByRole('link', { name: 'Declare incident' }).first().click();
  await expect(page).toHaveURL(`${APP}/declare`);
  await expect(main.getByRole('form', { name: 'Declare incident' })).toBeVisible();
  await shot('declare');
});

test('as Editor, declaring an incident lands on its page', async ({ page, as, shot }) => {
  await as('Editor', 'alice');
  await page.goto(`${APP}/declare`);
  const form = page.getByRole('main').getByRole('form', { name: 'Declare incident' });
  await form.getByLabel('Title').fill('E2E: payments webhook timeouts');
  await form.getByRole('radio', { name: 'P2' }).check({ force: true });
  const services = form.getByLabel('Affected services');
  await services.fill('payments-api');
  await page.getByRole('option', { name: /^payments-api( |$)/ }).click();
  await form.getByLabel('Summary').fill('Declared by the test-bed browser suite.');
  await shot('declare-filled');
  await form.getByRole('button', { name: 'Declare incident' }).click();

  await expect(page).toHaveURL(INCIDENT_URL);
  await expect(page.getByRole('main').getByRole('heading', { name: 'E2E: payments webhook timeouts' })).toBeVisible();
  await shot('declared');
});

test('as Viewer, no declare or edit controls, and the Declare page is refused', async ({ page, as, shot }) => {
  await as('Viewer', 'victor');
  await page.goto(`${APP}/incidents`);
  const main = page.getByRole('main');
  await expect(main.getByRole('cell', { name: 'Checkout API returning 502s' })).toBeVisible();
  await expect(main.getByRole('link', { name: 'Declare incident' })).toHaveCount(0);
  await expect(main.getByRole('button', { name: 'Declare incident' })).toHaveCount(0);
  await expect(page.getByRole('navigation', { name: 'Section navigation' }).getByRole('link', { name: 'Declare' })).toHaveCount(0);
  await shot('viewer-incidents');

  await main.getByRole('row', { name: /Checkout API returning 502s/ }).getByRole('link').first().click();
  await expect(page).toHaveURL(INCIDENT_URL);
  await expect(main.getByRole('heading', { name: 'Checkout API returning 502s' })).toBeVisible();
  // The command bar shows severity and status without their pickers.
  await expect(main.getByRole('combobox', { name: /^(Severity|Status)$/ })).toHaveCount(0);
  await expect(main.getByRole('form', { name: 'Add note' })).toHaveCount(0);
  await shot('viewer-incident');

  // A full page load of the Editor page is redirected to "/" by the server, as Grafana's
  // RoleAppPluginAuth does (the test bed's "/" shows the incident list).
  const declareLoad = page.waitForResponse((res) => new URL(res.url()).pathname === `${APP}/declare`);
  await page.goto(`${APP}/declare`);
  expect((await declareLoad).status()).toBe(302);
  await expect(page).toHaveURL(new RegExp(`${APP}/incidents$`));
  await expect(main.getByRole('form', { name: 'Declare incident' })).toHaveCount(0);
  // Navigating inside the app (no page load) meets the front end's own check: "Access denied".
  await page.evaluate(async (url) => {
    const runtime = await (window as any).System.import('@grafana/runtime');
    runtime.locationService.push(url);
  }, `${APP}/declare`);
  await expect(main.getByText('Access denied')).toBeVisible();
  await expect(main.getByText('You do not have permission to see this page.')).toBeVisible();
  await expect(main.getByRole('form', { name: 'Declare incident' })).toHaveCount(0);
  await shot('viewer-declare-denied');
});
