// The four views issue 17 judged, as an on-call engineer first sees them at 1280×800 (the demo of
// scripts/run.sh; testbed/e2e/demo.sh runs this with demo.spec.ts): the incident page, the list,
// the declare form and the timers panel. Each is saved twice — what fits in the window
// (view-NAME.png) and the whole page (view-NAME-full.png) — and the page's height is reported, the
// measure of "the page grows away from you".
import { expect, test } from './fixtures';

const APP = '/a/warroom-incident-app';

test.use({ viewport: { width: 1280, height: 800 } });

test.beforeEach(async ({ as }) => {
  await as('Editor');
});

const views = [
  { name: 'incident', path: async (id: string) => `${APP}/incidents/${id}`, ready: 'region[name=Metrics]' },
  { name: 'list', path: async () => `${APP}/incidents`, ready: 'table' },
  { name: 'declare', path: async () => `${APP}/declare`, ready: 'form' },
  { name: 'timers-panel', path: async () => '/d/warroom-timers', ready: 'text=Due soon' },
];

for (const view of views) {
  test(`view: ${view.name}`, async ({ page }, testInfo) => {
    const res = await page.request.get('/api/plugins/warroom-incident-app/resources/incidents?limit=50');
    const { items } = (await res.json()) as { items: Array<{ id: string; services: string[] }> };
    const checkout = items.find((i) => i.services[0] === 'checkout-api');
    expect(checkout).toBeDefined();
    await page.goto(await view.path(checkout!.id));
    const ready = view.ready.startsWith('region')
      ? page.getByRole('region', { name: 'Metrics' })
      : view.ready.startsWith('text=')
        ? page.getByText(view.ready.slice(5)).first()
        : page.locator(view.ready).first();
    await expect(ready).toBeVisible();
    // The graphs and countdowns draw after their data, and @grafana/ui's icons after their SVGs
    // arrive: wait until nothing is loading and the network has been quiet for a moment.
    await expect(page.getByText(/^Loading/)).toHaveCount(0);
    await page.waitForLoadState('networkidle');
    const dir = process.env.TESTBED_SCREENSHOTS!;
    await page.screenshot({ path: `${dir}/view-${view.name}.png`, animations: 'disabled' });
    await page.screenshot({ path: `${dir}/view-${view.name}-full.png`, fullPage: true, animations: 'disabled' });
    const height = await page.evaluate(() => document.documentElement.scrollHeight);
    testInfo.annotations.push({ type: 'height', description: `${view.name}: ${height} px` });
    console.log(`view ${view.name}: page height ${height} px`);
  });
}
