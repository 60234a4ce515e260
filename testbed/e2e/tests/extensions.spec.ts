// Plugin extensions as Grafana's registry handles them: the panel-menu link the app declares in
// plugin.json shows on a dashboard panel and opens the prefilled declare form; a build whose
// plugin.json lacks the `extensions.addedLinks` entry has the link refused, visibly.
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

import { expect, startServer, test } from './fixtures';

const PANEL_MENU = 'Menu for panel with title Checkout API error rate';

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
  const form = page.getByRole('main').getByRole('form', { name: 'Declare incident' });
  await expect(form.getByLabel('Title')).toHaveValue('Checkout API error rate');
  await shot('declare-from-panel');
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
