// Plugin extensions as Grafana's registry handles them: the panel-menu link the app declares in
// plugin.json shows on a dashboard panel and opens the prefilled declare form, with the panel's
// query as Prometheus would run it (dashboard variable and $__rate_interval replaced); a build whose
// plugin.json lacks the `extensions.addedLinks` entry has the link refused, visibly. On the alert
// list, the link is an alert instance action (confirmed in Grafana's navigation modal) and never a
// rule action: Grafana shows rule actions only from the plugin owning the rule, which a build
// registering there proves both ways.
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

import { Page } from '@playwright/test';

import { expect, startServer, test } from './fixtures';

const PANEL_MENU = 'Menu for panel with title Checkout API error rate';
const RULE_MENU = (name: string) => `Rule actions: ${name}`;

/** A copy of the built plugin, changed by `edit(pluginJson, moduleJs)`, on a server of its own. */
async function withEditedBuild(
  edit: (pluginJson: any, moduleJs: string) => string,
  run: (url: string) => Promise<void>
) {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'warroom-edited-'));
  const dist = path.join(dir, 'dist');
  cpSync(process.env.TESTBED_DIST!, dist, { recursive: true });
  const pluginJson = JSON.parse(readFileSync(path.join(dist, 'plugin.json'), 'utf8'));
  const moduleJs = edit(pluginJson, readFileSync(path.join(dist, 'module.js'), 'utf8'));
  writeFileSync(path.join(dist, 'plugin.json'), JSON.stringify(pluginJson, null, 2));
  writeFileSync(path.join(dist, 'module.js'), moduleJs);
  const server = await startServer(dist, path.join(dir, 'state'));
  try {
    await run(server.url);
  } finally {
    await server.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}

/** The `expr` values of the declare page the browser is on. */
const exprsOf = (page: Page) => new URL(page.url()).searchParams.getAll('expr');

test('the panel menu shows "Declare incident", which opens the form prefilled with the panel', async ({ page, as, shot }) => {
  await as('Editor', 'erin');
  await page.goto('/d/testbed');
  await page.getByRole('button', { name: PANEL_MENU }).click();
  const item = page.getByRole('menuitem', { name: 'Declare incident' });
  await expect(item).toBeVisible();
  await shot('dashboard-panel-menu');

  await item.click();
  await expect(page).toHaveURL(/\/a\/warroom-incident-app\/declare\?.*panelTitle=Checkout\+API\+error\+rate/);
  await expect(page).toHaveURL(/uel_pid=warroom-incident-app&uel_epid=grafana%2Fdashboard%2Fpanel%2Fmenu/);
  // Grafana hands `rate(http_requests_total{service="$service"}[$__rate_interval])` as saved; the
  // link carries it as the Prometheus data source would run it.
  expect(exprsOf(page)).toEqual([expect.stringMatching(/^rate\(http_requests_total\{service="checkout"\}\[\d+s\]\)$/)]);
  const form = page.getByRole('main').getByRole('form', { name: 'Declare incident' });
  await expect(form.getByLabel('Title')).toHaveValue('Checkout API error rate');
  await shot('declare-from-panel');
});

test('a Viewer\'s panel menu has no "Declare incident" (declaring needs Editor)', async ({ page, as }) => {
  await as('Viewer', 'vera');
  await page.goto('/d/testbed');
  await page.getByRole('button', { name: PANEL_MENU }).click();
  // The menu is open (its own items show) before judging that ours is absent.
  await expect(page.getByRole('menuitem', { name: 'View' })).toBeVisible();
  await expect(page.getByRole('menuitem', { name: 'Declare incident' })).toHaveCount(0);
});

test('the panel query carries the dashboard variable as selected', async ({ page, as }) => {
  await as('Editor', 'erin');
  await page.goto('/d/testbed?var-service=cart');
  await expect(page.getByTestId('variables')).toHaveText('Service = cart');
  await page.getByRole('button', { name: PANEL_MENU }).click();
  await page.getByRole('menuitem', { name: 'Declare incident' }).click();
  await expect(page).toHaveURL(/\/a\/warroom-incident-app\/declare\?/);
  expect(exprsOf(page)).toEqual([expect.stringMatching(/^rate\(http_requests_total\{service="cart"\}\[\d+s\]\)$/)]);
});

test('an alert instance offers "Declare incident" behind Grafana\'s navigation modal; no rule does', async ({ page, as, shot }) => {
  await as('Editor', 'erin');
  await page.goto('/alerting/list');
  // Rule actions: Grafana's own items only (the link is not registered there, and could only show
  // on a rule whose __grafana_origin names Warroom).
  for (const rule of ['CheckoutHighErrorRate', 'CheckoutErrorBudgetBurn']) {
    await page.getByRole('button', { name: RULE_MENU(rule) }).click();
    await expect(page.getByRole('menuitem', { name: 'Copy link' })).toBeVisible();
    await expect(page.getByRole('menuitem', { name: 'Declare incident' })).toHaveCount(0);
    await page.keyboard.press('Escape');
  }

  await page.getByRole('button', { name: 'Alert instance actions' }).click();
  await page.getByRole('menuitem', { name: 'Declare incident' }).click();
  const modal = page.getByRole('dialog', { name: 'Declare incident' });
  await expect(modal).toContainText('Do you want to proceed in the current tab or open a new tab?');
  await shot('alert-instance-confirm');
  await modal.getByRole('button', { name: 'Open', exact: true }).click();

  await expect(page).toHaveURL(/\/a\/warroom-incident-app\/declare\?/);
  const query = new URL(page.url()).searchParams;
  expect(query.get('alertName')).toBe('CheckoutHighErrorRate');
  expect(query.get('ruleUid')).toBe('checkout-high-error-rate');
  expect(query.getAll('label')).toEqual(expect.arrayContaining(['service=checkout', 'severity=critical']));
  expect(query.getAll('expr')).toEqual([expect.stringContaining('http_requests_total{service="checkout"')]);
  expect(query.get('from')).toMatch(/^\d+$/);
  const form = page.getByRole('main').getByRole('form', { name: 'Declare incident' });
  await expect(form.getByLabel('Title')).toHaveValue('Checkout API error rate above 5%');
  await expect(page.getByRole('main')).toContainText('Opened from the alert CheckoutHighErrorRate');
  await shot('declare-from-alert-instance');
});

test('rule actions show only links of the plugin owning the rule (__grafana_origin)', async ({ page }) => {
  // A build of the app that also registers its link at grafana/alerting/alertingrule/action.
  await withEditedBuild(
    (pluginJson, moduleJs) => {
      pluginJson.extensions.addedLinks[0].targets.push('grafana/alerting/alertingrule/action');
      const patched = moduleJs.replace(
        /(\w+)\.PluginExtensionPoints\.AlertInstanceAction\]/,
        '$1.PluginExtensionPoints.AlertInstanceAction,$1.PluginExtensionPoints.AlertingAlertingRuleAction]'
      );
      expect(patched).not.toBe(moduleJs);
      return patched;
    },
    async (url) => {
      await page.context().addCookies([{ name: 'testbed_identity', value: 'Editor:1:erin', url }]);
      await page.goto(`${url}/alerting/list`);
      // Owned by Warroom (__grafana_origin=plugin/warroom-incident-app): its link shows.
      await page.getByRole('button', { name: RULE_MENU('CheckoutErrorBudgetBurn') }).click();
      await expect(page.getByRole('menuitem', { name: 'Declare incident' })).toBeVisible();
      await expect(page.getByTestId('extension-errors')).toHaveText('');
      await page.keyboard.press('Escape');
      // Any other rule: never, though the link is registered at this extension point.
      await page.getByRole('button', { name: RULE_MENU('CheckoutHighErrorRate') }).click();
      await expect(page.getByRole('menuitem', { name: 'Copy link' })).toBeVisible();
      await expect(page.getByRole('menuitem', { name: 'Declare incident' })).toHaveCount(0);
    }
  );
});

test('a link missing from plugin.json extensions.addedLinks is refused and reported', async ({ page, shot }) => {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'warroom-undeclared-'));
  const dist = path.join(dir, 'dist');
  cpSync(process.env.TESTBED_DIST!, dist, { recursive: true });
  const pluginJson = JSON.parse(readFileSync(path.join(dist, 'plugin.json'), 'utf8'));
  pluginJson.extensions.addedLinks = pluginJson.extensions.addedLinks.filter((l: { title: string }) => l.title !== 'Declare incident');
  writeFileSync(path.join(dist, 'plugin.json'), JSON.stringify(pluginJson, null, 2));
  const server = await startServer(dist, path.join(dir, 'state'));
  const warnings: string[] = [];
  page.on('console', (m) => m.type() === 'warning' && warnings.push(m.text()));
  try {
    // Opening the app loads its module.js, which registers the link with the host's registry.
    await page.goto(`${server.url}/a/warroom-incident-app/incidents`);
    await expect(page.getByRole('main').getByRole('heading', { name: 'Incidents', level: 1 })).toBeVisible();
    const log = page.getByTestId('extension-errors');
    await expect(log).toContainText('Could not register link extension "Declare incident"');
    await expect(log).toContainText('extensions.addedLinks[]');
    expect(warnings.some((w) => w.includes('Could not register link extension "Declare incident"'))).toBe(true);

    await page.getByRole('navigation', { name: 'Grafana navigation' }).getByRole('link', { name: 'Dashboard' }).click();
    await page.getByRole('button', { name: PANEL_MENU }).click();
    await expect(page.getByRole('menuitem', { name: 'Inspect' })).toBeVisible();
    await expect(page.getByRole('menuitem', { name: 'Declare incident' })).toHaveCount(0);
    await shot('undeclared-link-refused');
  } finally {
    await server.stop();
    rmSync(dir, { recursive: true, force: true });
  }
});
