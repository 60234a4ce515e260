// The incident's core loop as users drive it: an Editor declares, acknowledges, posts a status
// update from every template of the composer, resolves, writes the post-mortem and exports it as
// Markdown; a Viewer sees the same kind of incident (open, and resolved with a post-mortem) without
// any control that changes it, and the back end refuses every mutation route of docs/api.md to
// the Viewer with 403 `forbidden`. Each test creates the incidents it uses.
import { readFileSync } from 'node:fs';

import { APIRequestContext, Page } from '@playwright/test';

import { expect, expectStatus, test } from './fixtures';

const APP = '/a/warroom-incident-app';
const API = '/api/plugins/warroom-incident-app/resources';
const INCIDENT_URL = new RegExp(`${APP}/incidents/(INC-\\d{4}-\\d{2}-\\d{2}-\\d{3})$`);

/** A unique suffix, so the incidents of repeated runs against one server are told apart. */
const runTag = () => `${Date.now().toString(36)}${Math.floor(Math.random() * 1e4)}`;

type Incident = { id: string; title: string; version: number; status: string };

/** Calls the plugin's API as the context's current identity; fails the test on an unexpected status. */
async function api<T>(
  request: APIRequestContext,
  method: string,
  path: string,
  data?: unknown,
  status = 200
): Promise<T> {
  const res = await request.fetch(`${API}${path}`, { method, data, headers: { 'X-Grafana-Org-Id': '1' } });
  expect(res.status(), `${method} ${path}: ${await res.text()}`).toBe(status);
  return (await res.json()) as T;
}

/** A post-mortem document as PUT /incidents/{id}/postmortem takes it, with one why and one action item. */
function postmortemDoc(tag: string, action: string) {
  return {
    reporter: 'alice',
    reviewers: [],
    summary: `Summary ${tag}`,
    whatHappened: '',
    whys: [`Why ${tag}`],
    detection: '',
    featuresAffected: [],
    dataImpact: '',
    wentWell: [],
    couldBeBetter: [],
    learned: [],
    actionItems: [{ action, owner: 'bob', priority: 'High', due: '2030-01-15' }],
    links: [],
  };
}

/**
 * Through the API, as the context's (Editor) identity: declares an incident and takes it through
 * the Editor test's loop - acknowledged, one status update, resolved with a reason, post-mortem saved.
 */
async function resolvedWithPostmortem(request: APIRequestContext, tag: string, what: string) {
  const title = `E2E ${what} ${tag}`;
  const reason = `Fixed ${tag}`;
  const action = `Action ${tag}`;
  let incident = await api<Incident>(
    request,
    'POST',
    '/incidents',
    { title, severity: 'P2', services: [`svc-${tag}`] },
    201
  );
  incident = await api<Incident>(request, 'PATCH', `/incidents/${incident.id}`, {
    version: incident.version,
    completeSteps: ['acknowledge'],
  });
  await api(
    request,
    'POST',
    `/incidents/${incident.id}/updates`,
    { subject: `Update ${tag}`, body: 'Investigating.' },
    201
  );
  incident = await api<Incident>(request, 'PATCH', `/incidents/${incident.id}`, {
    version: incident.version,
    status: 'resolved',
    reason,
  });
  expect(incident.status).toBe('resolved');
  await api(request, 'PUT', `/incidents/${incident.id}/postmortem`, {
    version: 0, // the post-mortem's own version: none saved yet
    doc: postmortemDoc(tag, action),
  });
  return { incident, reason, action, summary: `Summary ${tag}`, why: `Why ${tag}` };
}

/** The exported post-mortem: heading, the document's fields, the action item row, the timeline table. */
function expectPostmortemMarkdown(
  markdown: string,
  want: { id: string; title: string; summary: string; why: string; action: string; reason: string; author: string }
) {
  const re = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  expect(markdown.startsWith(`# Post-Mortem: ${want.id}\n`), markdown).toBe(true);
  expect(markdown).toContain(`- **Title:** ${want.title}\n`);
  expect(markdown).toContain(`## Summary\n${want.summary}\n`);
  expect(markdown).toContain(`### Why did it happen?\n1. ${want.why}\n`);
  expect(markdown).toContain(`| 1 | ${want.action} | bob | High | 2030-01-15 |\n`);
  // The timeline table: acknowledged, then resolved with the reason.
  const row = (event: string) => new RegExp(`\\n\\| \\d{4}-\\d{2}-\\d{2} \\d{2}:\\d{2} \\| ${event} \\|\\n`);
  expect(markdown).toMatch(row(re(`Step acknowledge done (${want.author})`)));
  expect(markdown).toMatch(row(re(`Status investigating → resolved (${want.author}): ${want.reason}`)));
}

/** Waits until the incident page shows the incident and what the back end says about the user. */
async function openIncident(page: Page, id: string, title: string) {
  const me = page.waitForResponse((r) => r.url().endsWith(`${API}/me`) && r.ok());
  await page.goto(`${APP}/incidents/${id}`);
  await me;
  const main = page.getByRole('main');
  await expect(main.getByRole('heading', { name: title })).toBeVisible();
  await expect(main.getByRole('list', { name: 'Timeline' })).toBeVisible();
  await expect(main.getByRole('region', { name: 'Response steps' })).toBeVisible();
  return main;
}

async function openPostmortem(page: Page, id: string) {
  const me = page.waitForResponse((r) => r.url().endsWith(`${API}/me`) && r.ok());
  await page.goto(`${APP}/incidents/${id}/postmortem`);
  await me;
  const main = page.getByRole('main');
  await expect(main.getByRole('button', { name: 'Export Markdown' })).toBeVisible();
  return main;
}

test('as Editor: declare, acknowledge, post an update from every template, resolve, and write the post-mortem', async ({
  page,
  as,
  shot,
}) => {
  test.setTimeout(180_000);
  const tag = runTag();
  const title = `E2E core ${tag}: card payments declined`;
  const service = `card-payments-${tag}`;
  await as('Editor', 'alice');

  // Declare through the form.
  await page.goto(`${APP}/declare`);
  const main = page.getByRole('main');
  const form = main.getByRole('form', { name: 'Declare incident' });
  await form.getByLabel('Title').fill(title);
  await form.getByRole('radio', { name: 'P2' }).check({ force: true });
  const services = form.getByLabel('Affected services');
  await services.fill(service);
  await page.getByRole('option', { name: new RegExp(`^${service}( |$)`) }).click();
  // The list stays open for more picks; leaving the box closes it.
  await services.press('Tab');
  await shot('core-declare-filled');
  await form.getByRole('button', { name: 'Declare incident' }).click();
  await expect(page).toHaveURL(INCIDENT_URL);
  const id = page.url().match(INCIDENT_URL)![1];
  // The title is the page's title; the id is under it.
  await expect(main.getByRole('heading', { name: title, level: 1 })).toBeVisible();
  await expect(main.getByText(id, { exact: true })).toBeVisible();

  // Acknowledge: the step is done, by alice.
  const steps = main.getByRole('region', { name: 'Response steps' });
  const ackStep = steps.getByRole('listitem').filter({ hasText: 'Acknowledge' });
  await expect(ackStep).toContainText('Not done');
  await main.getByRole('button', { name: 'Acknowledge', exact: true }).click();
  await expect(ackStep).toContainText(/alice · \d{4}-\d{2}-\d{2}/);
  await expect(ackStep).not.toContainText('Not done');
  await expect(ackStep.getByRole('button', { name: 'Mark done' })).toHaveCount(0);
  await expect(main.getByRole('button', { name: 'Acknowledge', exact: true })).toHaveCount(0);
  const timeline = main.getByRole('list', { name: 'Timeline' });
  await expect(timeline.getByRole('listitem').filter({ hasText: 'completed the step Acknowledge' })).toContainText(
    'alice'
  );
  await shot('core-acknowledged');

  // Every template of the composer's picker: open the drawer (the command bar's primary action once
  // acknowledged), choose, Preview, edit, Post update, on the timeline.
  const templates = (await api<{ items: { id: string; name: string }[] }>(page.request, 'GET', '/templates')).items;
  expect(templates.length).toBeGreaterThan(0);
  const drawer = page.getByRole('dialog', { name: 'Post a status update' });
  const composer = drawer.getByRole('form', { name: 'Compose status update' });
  const picker = composer.getByRole('combobox', { name: 'Template' });
  const subject = composer.getByLabel('Subject');
  const body = composer.getByLabel('Body');
  for (const [i, template] of templates.entries()) {
    await main.getByRole('button', { name: 'Post update', exact: true }).click();
    await picker.click();
    await picker.fill(template.name);
    const option = page.getByRole('option').filter({ has: page.getByText(template.name, { exact: true }) });
    await expect(option, `the picker offers "${template.name}"`).toHaveCount(1);
    await option.click();
    await expect(picker).toHaveValue(template.name);

    await expect(subject).toHaveValue('');
    await composer.getByRole('button', { name: 'Preview' }).click();
    await expect(subject).not.toHaveValue('');
    await expect(body).not.toHaveValue('');
    // The composer refuses to post while the template's "[name]" placeholders are left: fill them.
    const filled = (text: string) => text.replace(/\[[a-zA-Z][a-zA-Z0-9]*\]/g, 'n/a');
    await subject.fill(filled(await subject.inputValue()));
    const rendered = await subject.inputValue();
    const marker = `E2E edit ${i + 1}/${templates.length} (${template.id})`;
    await body.fill(`${filled(await body.inputValue())}\n${marker}`);
    if (i === 0) {
      await shot('core-update-preview');
    }
    await composer.getByRole('button', { name: 'Post update' }).click();

    const posted = timeline.getByRole('listitem').filter({ hasText: marker });
    await expect(posted).toHaveCount(1);
    await expect(posted).toContainText('alice posted a status update');
    await expect(posted.locator('strong').filter({ hasText: rendered })).toHaveText(rendered.trim());
    // Posting closes the drawer; the next one opens empty.
    await expect(drawer).toHaveCount(0);
  }
  await expect(timeline.getByRole('listitem').filter({ hasText: 'posted a status update' })).toHaveCount(
    templates.length
  );
  await shot('core-updates-posted');

  // Resolve through the status control, with a reason: read-only, only Reopen is offered.
  const reason = `Rolled back the card processor config (${tag})`;
  await main.getByRole('combobox', { name: 'Status' }).click();
  await page.getByRole('option', { name: 'Resolved', exact: true }).click();
  const ask = page.getByRole('dialog', { name: 'Resolve the incident' });
  await ask.getByLabel(/^Reason/).fill(reason);
  await ask.getByLabel(/^Reason/).press('Enter');
  await expect(main.getByText('Resolved — read-only')).toBeVisible();
  await expect(timeline.getByRole('listitem').filter({ hasText: 'changed status' })).toContainText(
    `alice changed status from investigating to resolved${reason}`
  );
  await expect(main.getByRole('button', { name: 'Reopen' })).toBeVisible();
  await expect(main.getByRole('form', { name: 'Add note' })).toHaveCount(0);
  await expect(main.getByRole('combobox', { name: /^(Severity|Status)$/ })).toHaveCount(0);
  await expect(main.getByRole('link', { name: 'Post-mortem', exact: true })).toBeVisible();
  for (const name of ['Post note', 'Post update', 'Resolve', 'Mark done', 'Acknowledge', 'Assign to me']) {
    await expect(main.getByRole('button', { name, exact: true }), `no "${name}" on a resolved incident`).toHaveCount(0);
  }
  await shot('core-resolved');

  // The post-mortem: summary, one why, one action item; saved.
  await main.getByRole('link', { name: 'Post-mortem', exact: true }).click();
  await expect(page).toHaveURL(`${APP}/incidents/${id}/postmortem`);
  const pm = main.getByRole('form', { name: 'Post-mortem' });
  await expect(main.getByText('Not saved yet — pre-filled from the incident')).toBeVisible();
  const summary = `Card payments were declined for 40 minutes (${tag}).`;
  const why = 'A processor config change shipped without a canary.';
  const action = `Canary processor config changes ${tag}`;
  await pm.getByLabel('Summary', { exact: true }).fill(summary);
  await pm.getByRole('button', { name: 'Add why' }).click();
  await pm.getByLabel('Why 1', { exact: true }).fill(why);
  await pm.getByRole('button', { name: 'Add action item' }).click();
  await pm.getByLabel('Action 1', { exact: true }).fill(action);
  await pm.getByLabel('Owner 1', { exact: true }).fill('bob');
  await pm.getByRole('combobox', { name: 'Priority 1' }).click();
  await page.getByRole('option', { name: 'High', exact: true }).click();
  await expect(pm.getByRole('combobox', { name: 'Priority 1' })).toHaveValue('High');
  await pm.getByLabel('Due date 1', { exact: true }).fill('2030-01-15');
  await shot('core-postmortem-filled');
  await pm.getByRole('button', { name: 'Save', exact: true }).click();
  await expect(main.getByText('Post-mortem saved')).toBeVisible();
  // The reloaded view (what Export downloads) is the saved one.
  await expect(main.getByText('Saved', { exact: true })).toBeVisible();
  await expect(pm.getByLabel('Action 1', { exact: true })).toHaveValue(action);
  await shot('core-postmortem-saved');

  // What Export Markdown hands the browser is the reloaded view's Markdown (`view.markdown`); the
  // download itself is the last test of this file.
  const view = await api<{ markdown: string; saved: boolean }>(page.request, 'GET', `/incidents/${id}/postmortem`);
  expect(view.saved).toBe(true);
  expectPostmortemMarkdown(view.markdown, { id, title, summary, why, action, reason, author: 'alice' });
});

test('as Viewer: no controls on an open or a resolved incident or its post-mortem, and every mutation route answers 403', async ({
  page,
  as,
  shot,
}) => {
  test.setTimeout(120_000);
  const tag = runTag();
  // Set up as an Editor, through the API: an open incident (where an Editor has every control) and
  // one taken through the Editor test's loop (resolved, with a post-mortem).
  await as('Editor', 'alice');
  const open = await api<Incident>(
    page.request,
    'POST',
    '/incidents',
    { title: `E2E viewer ${tag}: open`, severity: 'P2', services: [`svc-${tag}`] },
    201
  );
  await api(page.request, 'PUT', `/incidents/${open.id}/postmortem`, {
    version: 0, // the post-mortem's own version: none saved yet
    doc: postmortemDoc(tag, `Open action ${tag}`),
  });
  const { incident: resolved } = await resolvedWithPostmortem(page.request, tag, 'resolved');
  const openTitle = `E2E viewer ${tag}: open`;
  const resolvedTitle = resolved.title;

  // What an Editor has there, so the Viewer's "none of these" below cannot pass vacuously.
  let main = await openIncident(page, open.id, openTitle);
  for (const name of ['Acknowledge', 'Post note', 'Assign to me']) {
    await expect(main.getByRole('button', { name, exact: true }), `an Editor has "${name}"`).toBeVisible();
  }
  for (const name of ['Severity', 'Status']) {
    await expect(main.getByRole('combobox', { name, exact: true }), `an Editor has "${name}"`).toBeVisible();
  }
  await expect(main.getByRole('button', { name: 'Mark done', exact: true }).first()).toBeVisible();
  main = await openIncident(page, resolved.id, resolvedTitle);
  await expect(main.getByRole('button', { name: 'Reopen', exact: true })).toBeVisible();
  main = await openPostmortem(page, resolved.id);
  await expect(main.getByRole('button', { name: 'Save', exact: true })).toBeVisible();

  // The Viewer: the same pages, read-only.
  await as('Viewer', 'victor');
  const controls = [
    'Acknowledge',
    'Mark done',
    'Post note',
    'Post update',
    'Preview',
    'Resolve',
    'Assign to me',
    'Save',
    'Reopen',
    'Reopen incident',
  ];
  const expectNoControls = async (where: string) => {
    for (const name of controls) {
      await expect(
        page.getByRole('button', { name, exact: true }),
        `no "${name}" for a Viewer on ${where}`
      ).toHaveCount(0);
    }
    for (const name of [
      'Add note',
      'Compose status update',
      'Change roles and impact',
      'Post-mortem',
      'Reopen incident',
    ]) {
      await expect(
        page.getByRole('form', { name, exact: true }),
        `no form "${name}" for a Viewer on ${where}`
      ).toHaveCount(0);
    }
    await expect(
      page.getByRole('combobox', { name: /^(Severity|Status)$/ }),
      `no pickers for a Viewer on ${where}`
    ).toHaveCount(0);
  };

  main = await openIncident(page, open.id, openTitle);
  await expect(
    main.getByRole('region', { name: 'Response steps' }).getByRole('listitem').filter({ hasText: 'Acknowledge' })
  ).toContainText('Not done');
  await expectNoControls('an open incident');
  await shot('core-viewer-open-incident');

  main = await openIncident(page, resolved.id, resolvedTitle);
  await expect(main.getByText('Resolved — read-only')).toBeVisible();
  await expect(
    main.getByRole('list', { name: 'Timeline' }).getByRole('listitem').filter({ hasText: 'changed status' })
  ).toContainText(`alice changed status from investigating to resolvedFixed ${tag}`);
  await expect(main.getByRole('list', { name: 'Timeline' })).toContainText(`Update ${tag}`);
  await expectNoControls('a resolved incident');
  await shot('core-viewer-resolved-incident');

  main = await openPostmortem(page, resolved.id);
  await expect(main.getByRole('heading', { name: `Post-Mortem: ${resolved.id}` })).toBeVisible();
  await expect(main.getByRole('cell', { name: `Action ${tag}`, exact: true })).toBeVisible();
  await expect(main.getByRole('textbox')).toHaveCount(0);
  await expectNoControls('a post-mortem');
  await shot('core-viewer-postmortem');

  // Every mutation route of docs/api.md, as the Viewer from the page's context (its cookie):
  // 403 forbidden, on the open and on the resolved incident (the role is checked first).
  const policy = await api<Record<string, unknown>>(page.request, 'GET', '/policy');
  // Versions as they are now, so each body would be accepted from an Editor.
  const before = await Promise.all(
    [open, resolved].map((inc) => api<Incident>(page.request, 'GET', `/incidents/${inc.id}`))
  );
  const mutations: Array<[string, string, unknown]> = [
    ['POST', '/incidents', { title: 'Viewer declares', severity: 'P3', services: [`viewer-${tag}`] }],
  ];
  for (const inc of before) {
    mutations.push(
      ['PATCH', `/incidents/${inc.id}`, { version: inc.version, status: 'identified', reason: 'Viewer edit' }],
      ['POST', `/incidents/${inc.id}/events`, { text: 'Viewer note' }],
      ['POST', `/incidents/${inc.id}/updates`, { subject: 'Viewer update', body: 'Viewer body' }],
      ['PUT', `/incidents/${inc.id}/postmortem`, { version: inc.version, doc: postmortemDoc(tag, 'Viewer action') }]
    );
  }
  mutations.push(['PUT', '/policy', policy], ['POST', '/admin/demo-data', {}]);
  for (const [method, path, data] of mutations) {
    expectStatus(page, new RegExp(`${API}${path}$`), 403);
    const res = await page.request.fetch(`${API}${path}`, { method, data, headers: { 'X-Grafana-Org-Id': '1' } });
    const text = await res.text();
    expect(res.status(), `${method} ${path} as Viewer: ${text}`).toBe(403);
    expect(JSON.parse(text)?.error?.code, `${method} ${path} as Viewer: ${text}`).toBe('forbidden');
  }
  // Nothing changed.
  const after = await Promise.all(
    [open, resolved].map((inc) => api<Incident>(page.request, 'GET', `/incidents/${inc.id}`))
  );
  expect(after.map((i) => i.version)).toEqual(before.map((i) => i.version));
  expect((await api<Record<string, unknown>>(page.request, 'GET', '/policy')).version).toBe(policy.version);
  const total = (await api<{ total: number }>(page.request, 'GET', `/incidents?service=viewer-${tag}&limit=1`)).total;
  expect(total, 'the Viewer declared nothing').toBe(0);
});

// Regression guard for a bug this test found: an <a download> appended to document.body is caught
// by Grafana's document-level interceptLinkClicks (app/core/navigation/patch/interceptLinkClicks.ts,
// reproduced by the host), which cancels clicks on links without a target and, for an href with
// "://", navigates the whole tab there, so the blob: URL replaced the app and nothing downloaded.
// src/pages/Postmortem/download.ts now clicks a detached anchor, as file-saver's saveAs does.
test('as Editor: Export Markdown downloads <id>-postmortem.md with the saved post-mortem', async ({
  page,
  as,
  shot,
}) => {
  const tag = runTag();
  await as('Editor', 'alice');
  const { incident, reason, action, summary, why } = await resolvedWithPostmortem(page.request, tag, 'export');
  const main = await openPostmortem(page, incident.id);
  await expect(main.getByText('Saved', { exact: true })).toBeVisible();
  await expect(main.getByRole('form', { name: 'Post-mortem' }).getByLabel('Action 1', { exact: true })).toHaveValue(
    action
  );

  const downloading = page.waitForEvent('download', { timeout: 10_000 });
  await main.getByRole('button', { name: 'Export Markdown' }).click();
  const download = await downloading.catch((err: Error) => {
    throw new Error(`Export Markdown started no download; the tab is now at ${page.url()}\n${err.message}`);
  });
  expect(download.suggestedFilename()).toBe(`${incident.id}-postmortem.md`);
  expect(await download.failure()).toBeNull();
  const markdown = readFileSync(await download.path(), 'utf8');
  expectPostmortemMarkdown(markdown, {
    id: incident.id,
    title: incident.title,
    summary,
    why,
    action,
    reason,
    author: 'alice',
  });
  await expect(page).toHaveURL(`${APP}/incidents/${incident.id}/postmortem`);
  await shot('core-postmortem-exported');
});
