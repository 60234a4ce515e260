// Accessibility (issue 17): axe-core finds no WCAG 2.0/2.1 A or AA violation on any page the app
// and the test bed serve to a user — the whole page, the test bed's chrome (it stands in for
// Grafana's) included — at 1280×800, as an Editor (an Admin for the config page) and as a Viewer
// (the read-only variants). A failure prints each violation's rule, help and the nodes it found.
import AxeBuilder from '@axe-core/playwright';
import { APIRequestContext, Locator, Page } from '@playwright/test';

import { expect, test, type Role } from './fixtures';

const APP = '/a/warroom-incident-app';
const API = '/api/plugins/warroom-incident-app/resources';
const WCAG = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'];

test.use({ viewport: { width: 1280, height: 800 } });

type Incident = { id: string; title: string };

let incident: Promise<Incident> | undefined;

/** One open incident declared through the API, shared by every test of this file. */
function anIncident(request: APIRequestContext): Promise<Incident> {
  incident ??= request
    .post(`${API}/incidents`, {
      data: { title: `A11y: checkout 502s ${Date.now().toString(36)}`, severity: 'P2', services: ['checkout'] },
    })
    .then(async (res) => {
      expect(res.status(), await res.text()).toBe(201);
      return (await res.json()) as Incident;
    });
  return incident;
}

interface Visit {
  name: string;
  roles: Role[];
  /** Opens the page and waits until its content (not a loading state) is shown. */
  open: (page: Page, main: Locator, inc: Incident) => Promise<void>;
}

const goto = async (page: Page, path: string, ready: (main: Locator) => Locator) => {
  await page.goto(path);
  await expect(ready(page.getByRole('main'))).toBeVisible();
};

const VISITS: Visit[] = [
  {
    name: 'incident list',
    roles: ['Editor', 'Viewer'],
    open: (page, _main, inc) => goto(page, `${APP}/incidents`, (m) => m.getByRole('link', { name: inc.title })),
  },
  {
    name: 'incident page',
    roles: ['Editor', 'Viewer'],
    open: (page, _main, inc) =>
      goto(page, `${APP}/incidents/${inc.id}`, (m) => m.getByRole('heading', { name: inc.title }).first()),
  },
  {
    name: 'post-mortem',
    roles: ['Editor', 'Viewer'],
    open: (page, _main, inc) =>
      goto(page, `${APP}/incidents/${inc.id}/postmortem`, (m) => m.getByRole('button', { name: 'Export Markdown' })),
  },
  {
    name: 'declare form',
    roles: ['Editor'],
    open: (page) => goto(page, `${APP}/declare`, (m) => m.getByRole('form', { name: 'Declare incident' })),
  },
  {
    // A Viewer's full load of /declare is redirected (as Grafana's RoleAppPluginAuth does); inside
    // the app the front end's own check answers "Access denied" (app.spec.ts).
    name: 'declare form (access denied)',
    roles: ['Viewer'],
    open: async (page, main) => {
      await goto(page, `${APP}/incidents`, (m) => m.getByRole('table').first());
      await page.evaluate(async (url) => {
        const runtime = await (window as any).System.import('@grafana/runtime');
        runtime.locationService.push(url);
      }, `${APP}/declare`);
      await expect(main.getByText('You do not have permission to see this page.')).toBeVisible();
    },
  },
  {
    name: 'services',
    roles: ['Editor', 'Viewer'],
    open: (page) => goto(page, `${APP}/services`, (m) => m.getByRole('heading', { name: 'Services' }).first()),
  },
  {
    name: 'policy',
    roles: ['Admin', 'Viewer'],
    open: (page) => goto(page, `${APP}/policy`, (m) => m.getByRole('table').first()),
  },
  {
    // The demo history (the suite's server is seeded) fills its charts and table; Editors see exports.
    name: 'insights',
    roles: ['Editor', 'Viewer'],
    open: (page) => goto(page, `${APP}/insights`, (m) => m.getByRole('table', { name: 'By severity' })),
  },
  {
    // Every section unfolded, so that its fields are checked too.
    name: 'app config',
    roles: ['Admin'],
    open: async (page, main) => {
      await goto(page, '/plugins/warroom-incident-app', (m) => m.getByRole('button', { name: 'Save settings' }));
      const folded = main.locator('button[aria-expanded="false"]');
      while ((await folded.count()) > 0) {
        await folded.first().click();
      }
    },
  },
  {
    name: 'timers panel dashboard',
    roles: ['Editor', 'Viewer'],
    open: async (page, _main, inc) => {
      await page.goto('/d/warroom-timers?var-service=checkout');
      const panel = page.getByRole('region', { name: 'Panel: Incident timers' });
      await expect(panel.getByRole('listitem', { name: new RegExp(`^${inc.id} `) })).toBeVisible();
    },
  },
  {
    name: 'annotations dashboard',
    roles: ['Editor', 'Viewer'],
    open: async (page) => {
      await page.goto('/d/warroom-incidents');
      await expect(page.getByTestId('annotation-item').first()).toBeVisible();
    },
  },
  {
    // Menu closed: an open @grafana/ui Dropdown (floating-ui's modal focus manager) hides the rest
    // of the page with aria-hidden and adds tabbable focus guards, which axe reports as
    // aria-hidden-focus; that is @grafana/ui's, the same in Grafana, not this page's.
    name: 'panel dashboard',
    roles: ['Editor', 'Viewer'],
    open: (page) => goto(page, '/d/testbed', (m) => m.getByRole('button', { name: /^Menu for panel/ }).first()),
  },
  {
    name: 'alert rules',
    roles: ['Editor', 'Viewer'],
    open: async (page) => {
      await page.goto('/alerting/list');
      await expect(page.getByTestId('alert-instance-row').first()).toBeVisible();
    },
  },
];

/** One line per violation: rule, impact, help, and the selector and summary of each node. */
function describe(violations: Awaited<ReturnType<AxeBuilder['analyze']>>['violations']): string {
  return violations
    .map(
      (v) =>
        `${v.id} (${v.impact}): ${v.help}\n` +
        v.nodes
          .map((n) => `    ${n.target.join(' ')}\n      ${n.failureSummary?.replace(/\n/g, '\n      ')}`)
          .join('\n')
    )
    .join('\n');
}

for (const visit of VISITS) {
  for (const role of visit.roles) {
    test(`axe: ${visit.name} as ${role} has no WCAG 2.1 A/AA violation`, async ({ page, as, shot }) => {
      // Declared as an Editor (a Viewer cannot), then seen as `role`.
      await as('Editor', 'a11y-editor');
      const inc = await anIncident(page.request);
      await as(role, `a11y-${role.toLowerCase()}`);
      await visit.open(page, page.getByRole('main'), inc);
      const { violations, passes } = await new AxeBuilder({ page }).withTags(WCAG).analyze();
      // axe did look at the page (a blank or half-loaded one would pass nothing).
      expect(passes.length).toBeGreaterThan(10);
      await shot(`a11y-${visit.name.replace(/\W+/g, '-')}-${role.toLowerCase()}`);
      expect(violations, describe(violations)).toEqual([]);
    });
  }
}
