// What opening an incident page costs the browser (issue 18): the requests a fresh load of
// /a/warroom-incident-app/incidents/<id> makes until the page has settled, by kind. The figures
// are stated in docs/benchmarks.md ("Front end"); this test keeps them from growing unnoticed.
import { Request } from '@playwright/test';

import { declareViaApi, expect, test } from './fixtures';

const APP = '/a/warroom-incident-app';

// Ceilings measured on both hosts (docs/benchmarks.md): a new request on this path must be a choice.
const MAX_PLUGIN_SCRIPTS = 8; // module.js and the lazy chunks of the incident page
// The back end's resources the page reads on load, each once: issue 18's 7 and the on-call panel's
// /incidents/{id}/oncall (issue 19); the role pickers' people list waits for a picker's focus.
const MAX_PLUGIN_API = 8;

type Kind = 'plugin script' | 'plugin API' | 'data source query' | 'other';

function kindOf(req: Request): Kind {
  const path = new URL(req.url()).pathname;
  if (path.startsWith('/public/plugins/warroom-incident-app/') && path.endsWith('.js')) {
    return 'plugin script';
  }
  if (path.startsWith('/api/plugins/warroom-incident-app/resources/')) {
    return 'plugin API';
  }
  if (path === '/api/ds/query') {
    return 'data source query';
  }
  return 'other';
}

test('opening an incident page makes a bounded number of requests', async ({ page, as }) => {
  await as('Editor', 'page-cost');
  const { id } = await declareViaApi(page.request, {
    title: `Page cost ${Date.now().toString(36)}`,
    severity: 'P2',
    services: ['checkout-api'],
  });
  const seen: Array<{ kind: Kind; url: string }> = [];
  page.on('request', (req) => seen.push({ kind: kindOf(req), url: new URL(req.url()).pathname }));

  await page.goto(`${APP}/incidents/${id}`);
  await expect(page.getByRole('main').getByRole('heading', { level: 1 })).toContainText('Page cost');
  await expect(page.getByRole('main').getByRole('group', { name: 'Soonest deadline' })).toBeVisible();
  await page.waitForLoadState('networkidle');

  const count = (kind: Kind) => seen.filter((s) => s.kind === kind);
  const report = (['plugin script', 'plugin API', 'data source query', 'other'] as Kind[])
    .map((k) => `${k}: ${count(k).length}`)
    .join(', ');
  console.log(`incident page requests — ${report}`);
  for (const s of seen.filter((s) => s.kind.startsWith('plugin'))) {
    console.log(`  ${s.kind}: ${s.url}`);
  }
  expect(count('plugin script').length, 'plugin scripts loaded').toBeLessThanOrEqual(MAX_PLUGIN_SCRIPTS);
  expect(count('plugin API').length, 'plugin API calls on load').toBeLessThanOrEqual(MAX_PLUGIN_API);
});
