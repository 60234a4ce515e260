// Grafana with anonymous access ([auth.anonymous] enabled): the user has no login, is not signed in
// (bootData.user.isSignedIn false, login ""), and reaches the plugin with only its org role. This is
// the repository's docker-compose set-up (anonymous Admin: the test bed's default identity) and the
// usual kiosk/TV set-up (anonymous Viewer: cookie "Viewer:1:").
//  - an anonymous Viewer reads the incident list, an incident, the timers panel on
//    /d/warroom-timers and the incident annotations on /d/warroom-incidents, with no mutating
//    control, and a full load of the Editor-only Declare page is redirected as Grafana does;
//  - the anonymous Admin declares an incident from the form; the timeline says "Anonymous";
//  - an incident whose source dashboard does not exist (Grafana answers 400 to the annotation read)
//    says so on its page and writes nothing.
import { APIRequestContext, BrowserContext, Page } from '@playwright/test';

import { expect, expectStatus, test } from './fixtures';

const APP = '/a/warroom-incident-app';
const API = '/api/plugins/warroom-incident-app/resources';
const INCIDENT_URL = new RegExp(`${APP}/incidents/(INC-\\d{4}-\\d{2}-\\d{2}-\\d{3})$`);

const runTag = () => `${Date.now().toString(36)}${Math.floor(Math.random() * 1e4)}`;

type Incident = { id: string; title: string; version: number; createdAt: string; createdBy: string };
type Event = { seq: number; kind: string; author: string; at: string };

/** Signs the browser in as Grafana's anonymous user with this org role (no cookie: anonymous Admin). */
async function anonymous(context: BrowserContext, baseURL: string, role: 'Viewer' | 'Admin') {
  await context.clearCookies();
  await context.addCookies([{ name: 'testbed_identity', value: `${role}:1:`, url: baseURL }]);
}

async function api<T>(request: APIRequestContext, method: string, path: string, data?: unknown, status = 200) {
  const res = await request.fetch(`${API}${path}`, { method, data });
  expect(res.status(), `${method} ${path}: ${await res.text()}`).toBe(status);
  return (await res.json()) as T;
}

async function bootUser(page: Page) {
  return page.evaluate(() => (window as any).grafanaBootData.user);
}

test('an anonymous Viewer reads the list, an incident, the timers panel and the incident annotations', async ({
  page,
  context,
  baseURL,
  shot,
}) => {
  // An open incident of a service of its own, declared by the anonymous Admin (docker-compose).
  const service = `tv-${runTag()}`;
  await context.clearCookies();
  const inc = await api<Incident>(
    page.request,
    'POST',
    '/incidents',
    { title: `Kiosk view ${service}`, severity: 'P2', services: [service] },
    201
  );
  expect(inc.createdBy).toBe('Anonymous');

  await anonymous(context, baseURL!, 'Viewer');
  const me = await api<{ login: string; role: string; anonymous: boolean; author: string }>(page.request, 'GET', '/me');
  expect(me).toMatchObject({ login: '', role: 'Viewer', anonymous: true, author: 'Anonymous' });

  await page.goto(`${APP}/incidents`);
  expect(await bootUser(page)).toMatchObject({ login: '', isSignedIn: false, orgRole: 'Viewer', orgId: 1 });
  const main = page.getByRole('main');
  await expect(main.getByRole('cell', { name: 'Checkout API returning 502s' })).toBeVisible();
  await expect(main.getByRole('cell', { name: inc.title })).toBeVisible();
  await expect(main.getByRole('link', { name: 'Declare incident' })).toHaveCount(0);
  await expect(
    page.getByRole('navigation', { name: 'Section navigation' }).getByRole('link', { name: 'Declare' })
  ).toHaveCount(0);
  await shot('anonymous-viewer-incidents');

  await main
    .getByRole('row', { name: new RegExp(inc.title) })
    .getByRole('link')
    .first()
    .click();
  await expect(page).toHaveURL(INCIDENT_URL);
  await expect(main.getByRole('heading', { name: inc.title })).toBeVisible();
  const timeline = page.getByRole('list', { name: 'Timeline' });
  // Newest first: the declaration is the oldest entry.
  await expect(timeline.getByRole('listitem').last()).toContainText('Anonymous declared the incident as P2');
  // The command bar shows severity and status without their pickers.
  await expect(main.getByRole('combobox', { name: /^(Severity|Status)$/ })).toHaveCount(0);
  await expect(main.getByRole('form', { name: 'Add note' })).toHaveCount(0);
  await expect(
    page.getByRole('region', { name: 'Timers' }).getByRole('listitem', { name: 'Respond by' })
  ).toBeVisible();
  await shot('anonymous-viewer-incident');

  // The TV dashboard: the timers panel lists the incident of the dashboard's service.
  await page.goto(`/d/warroom-timers?var-service=${service}`);
  const panel = page.getByRole('region', { name: 'Panel: Incident timers' });
  const row = panel.getByRole('listitem', { name: new RegExp(`^${inc.id} `) });
  await expect(row.getByRole('listitem', { name: 'Respond by' })).toContainText(/On track/);
  await shot('anonymous-viewer-timers');

  // The incidents annotation query (the nested data source through /api/ds/query).
  const to = Date.now() + 60_000;
  await page.goto(`/d/warroom-incidents?from=${to - 3600_000}&to=${to}`);
  await expect(page.getByTestId('annotations-layer')).toBeVisible();
  await expect(page.getByTestId('annotation-item').filter({ hasText: `${inc.id} Declared` })).toHaveCount(1);
  await shot('anonymous-viewer-annotations');

  // Every mutation is still refused server-side for the anonymous Viewer.
  await api(page.request, 'POST', `/incidents/${inc.id}/events`, { text: 'from the TV' }, 403);
  await api(page.request, 'POST', '/incidents', { title: 't', severity: 'P4', services: ['s'] }, 403);
});

test('an anonymous Viewer’s page load of the Editor-only Declare page is redirected, as in Grafana', async ({
  page,
  context,
  baseURL,
  request,
}) => {
  await anonymous(context, baseURL!, 'Viewer');
  const load = page.waitForResponse((res) => new URL(res.url()).pathname === `${APP}/declare`);
  await page.goto(`${APP}/declare?panelTitle=Checkout`);
  const res = await load;
  expect(res.status()).toBe(302);
  expect(res.headers()['location']).toBe('/');
  await expect(page).toHaveURL(new RegExp(`${APP}/incidents$`));
  await expect(page.getByRole('main').getByRole('form', { name: 'Declare incident' })).toHaveCount(0);

  // No org role at all: not even the app's pages (no plugins.app:access), nor the API. Asked with
  // a request context of its own, so the open page keeps its identity.
  const none = { Cookie: 'testbed_identity=None:1:' };
  const refused = await request.get(`${APP}/incidents`, { headers: none, maxRedirects: 0 });
  expect(refused.status()).toBe(302);
  expect((await request.get(`${API}/incidents`, { headers: none })).status()).toBe(403);
});

test('the anonymous Admin (docker-compose) declares an incident, recorded as Anonymous', async ({
  page,
  context,
  shot,
}) => {
  await context.clearCookies(); // the test bed's default identity
  await page.goto(`${APP}/declare`);
  expect(await bootUser(page)).toMatchObject({ login: '', isSignedIn: false, orgRole: 'Admin' });
  const title = `Anonymous declares ${runTag()}`;
  const form = page.getByRole('main').getByRole('form', { name: 'Declare incident' });
  await form.getByLabel('Title').fill(title);
  await form.getByRole('radio', { name: 'P3' }).check({ force: true });
  const services = form.getByLabel('Affected services');
  await services.fill('payments-api');
  await page.getByRole('option', { name: /^payments-api( |$)/ }).click();
  await form.getByLabel('Summary').fill('Declared with anonymous access.');
  await form.getByRole('button', { name: 'Declare incident' }).click();

  await expect(page).toHaveURL(INCIDENT_URL);
  const id = INCIDENT_URL.exec(page.url())![1];
  const main = page.getByRole('main');
  await expect(main.getByRole('heading', { name: title })).toBeVisible();
  // The Admin acts on it: acknowledge, and a note.
  await main.getByRole('form', { name: 'Add note' }).getByRole('textbox').fill('Seen on the wall screen.');
  await main.getByRole('form', { name: 'Add note' }).getByRole('button', { name: 'Post note' }).click();
  const timeline = page.getByRole('list', { name: 'Timeline' });
  await expect(timeline).toContainText('Anonymous added a note');
  // Newest first: the declaration is the oldest entry.
  await expect(timeline.getByRole('listitem').last()).toContainText('Anonymous declared the incident as P3');
  await shot('anonymous-admin-declared');

  const events = (await api<{ items: Event[] }>(page.request, 'GET', `/incidents/${id}/events`)).items;
  expect(events.map((e) => e.author)).toEqual(events.map(() => 'Anonymous'));
});

test('an incident whose source dashboard does not exist says so and writes no annotation', async ({
  page,
  context,
}) => {
  await context.clearCookies(); // anonymous Admin: the write-through runs for editors and up
  const gone = `deleted-${runTag()}`;
  const inc = await api<Incident>(
    page.request,
    'POST',
    '/incidents',
    { title: `Orphan ${gone}`, severity: 'P3', services: ['checkout'], links: { dashboardUid: gone, panelId: 2 } },
    201
  );
  // Grafana's GetAnnotations: 400 "Invalid dashboard UID in annotation request".
  const unknown = new RegExp(`/api/annotations\\?.*dashboardUID=${gone}`);
  expectStatus(page, unknown, 400);
  const reads: number[] = [];
  page.on('response', (r) => unknown.test(r.url()) && reads.push(r.status()));
  const writes: string[] = [];
  page.on('request', (r) => r.url().includes('/api/annotations') && r.method() !== 'GET' && writes.push(r.url()));

  await page.goto(`${APP}/incidents/${inc.id}`);
  const main = page.getByRole('main');
  await expect(main.getByText('The source dashboard does not exist')).toBeVisible();
  await expect(main.getByText(`The dashboard "${gone}" this incident was declared from does not exist`)).toBeVisible();
  await expect(main.getByText("The dashboard's annotations are behind")).toHaveCount(0);

  // A change reloads the timeline and would sync again: Grafana is not asked a second time.
  await main.getByRole('form', { name: 'Add note' }).getByRole('textbox').fill('still gone');
  await main.getByRole('form', { name: 'Add note' }).getByRole('button', { name: 'Post note' }).click();
  await expect(page.getByRole('list', { name: 'Timeline' })).toContainText('Anonymous added a note');
  await expect(main.getByText('The source dashboard does not exist')).toBeVisible();
  expect(reads).toEqual([400]);
  expect(writes).toEqual([]);
});
