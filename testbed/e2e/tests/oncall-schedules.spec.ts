// The On call page (/a/warroom-incident-app/oncall): a signed-in person (bob) adds an email contact
// method; an Editor (alice) creates a schedule with a weekly rotation of alice and bob picked from
// the people picker and an override for tonight for bob; the page says bob is on call now and alice
// next, and it persists; a Viewer reads it with no control to change it. A person makes a feed of
// their shifts and revokes it. What a test creates on the shared server it removes again.
//
// The suite's server runs Grafana with the app's managed service account (scripts/lib/services.sh),
// so the picker lists the org's Grafana users; without it, it would list the people Warroom knows
// (the caller and everyone with a contact method), which bob's email method would also cover.
import { APIRequestContext, Page } from '@playwright/test';

import { expect, test } from './fixtures';

const APP = '/a/warroom-incident-app';
const API = '/api/plugins/warroom-incident-app/resources';

const runTag = () => `${Date.now().toString(36)}${Math.floor(Math.random() * 1e4)}`;

/** Picks the option matching `name` in the combobox labelled `label`, searching by `search`. */
async function pick(page: Page, label: string | RegExp, search: string, name: RegExp) {
  const box = page.getByRole('main').getByRole('combobox', { name: label });
  await box.click();
  await box.fill(search);
  // Not the "typed as is" entry the Combobox offers for any text.
  await page.getByRole('option', { name }).filter({ hasNotText: 'A login not in the list' }).click();
}

/** Wall time in the browser's zone (the new schedule's zone), `hours` from now, as a datetime-local value. */
async function wallIn(page: Page, hours: number): Promise<string> {
  return page.evaluate((h) => {
    const d = new Date(Date.now() + h * 3600_000);
    d.setMinutes(0, 0, 0);
    const pad = (n: number) => String(n).padStart(2, '0');
    return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}T${pad(d.getHours())}:00`;
  }, hours);
}

async function deleteSchedule(request: APIRequestContext, id: string) {
  const res = await request.get(`${API}/oncall/schedules/${id}`);
  if (res.status() === 200) {
    const { version } = (await res.json()) as { version: number };
    const del = await request.delete(`${API}/oncall/schedules/${id}?version=${version}`);
    expect(del.status(), await del.text()).toBe(200);
  }
}

test('an Editor creates a weekly rotation with an override for tonight; a Viewer reads it', async ({
  page,
  as,
  shot,
}) => {
  const tag = runTag();
  const name = `Payments ${tag}`;
  const id = `payments-${tag}`;
  const main = page.getByRole('main');
  try {
    await as('Viewer', 'bob');
    await page.goto(`${APP}/oncall?tab=contact`);
    await main.getByRole('button', { name: 'Add contact method' }).first().click();
    const contact = main.getByRole('form', { name: 'New contact method' });
    await contact.getByLabel('Email address').fill('bob@testbed.local');
    await contact.getByRole('button', { name: 'Save contact method' }).click();
    await expect(
      main.getByRole('table', { name: 'Contact methods' }).getByRole('row', { name: /Email bob@testbed\.local/ })
    ).toBeVisible();
    await shot('oncall-contact-methods');

    await as('Editor', 'alice');
    await page.goto(`${APP}/oncall`);
    await main.getByRole('link', { name: 'New schedule' }).first().click();
    await expect(page).toHaveURL(`${APP}/oncall/schedules/new`);

    const form = main.getByRole('form', { name: 'Schedule' });
    await form.getByLabel('Name', { exact: true }).fill(name);
    await expect(form.getByLabel(/^Id/)).toHaveValue(id);
    await pick(page, /Add participant to Layer 1/, 'alice', /alice/i);
    await pick(page, /Add participant to Layer 1/, 'bob', /bob/i);
    const participants = form.getByRole('group', { name: 'Layer 1 participants' });
    await expect(participants.getByRole('listitem')).toHaveText([/^1\. .*alice/i, /^2\. .*bob/i]);
    await expect(form.getByRole('radio', { name: 'Weeks' })).toBeChecked();

    // Tonight's cover, already under way so it decides who is on call now.
    await form.getByRole('button', { name: 'Add override' }).click();
    await pick(page, 'Override 1 person', 'bob', /bob/i);
    await form.getByLabel(/^Override 1 from/).fill(await wallIn(page, -1));
    await form.getByLabel(/^Override 1 until/).fill(await wallIn(page, 11));
    await form.getByLabel('Override 1 reason').fill('Bob covers tonight');
    // Enter in a text box does not save a half-made schedule.
    await form.getByLabel('Override 1 reason').press('Enter');
    await expect(page).toHaveURL(`${APP}/oncall/schedules/new`);
    await form.getByRole('button', { name: 'Save schedule' }).click();

    await expect(main.getByText('Schedule saved')).toBeVisible();
    await expect(page).toHaveURL(`${APP}/oncall/schedules/${id}`);
    await expect(main.getByLabel('On call now')).toContainText('bob until');
    await expect(main.getByLabel('Next on call')).toContainText('alice from');
    const preview = main.getByRole('region', { name: 'Shifts of the next 14 days' });
    await expect(preview.getByText('override').first()).toBeVisible();
    await shot('oncall-schedule');

    await page.reload();
    await expect(main.getByLabel('On call now')).toContainText('bob until');
    await expect(main.getByRole('group', { name: 'Layer 1 participants' }).getByRole('listitem')).toHaveText([
      /alice/i,
      /bob/i,
    ]);
    await expect(main.getByRole('combobox', { name: 'Override 1 person' })).toHaveValue(/bob/i);
    await expect(main.getByLabel('Override 1 reason')).toHaveValue('Bob covers tonight');

    await page.goto(`${APP}/oncall`);
    const row = main.getByRole('table', { name: 'Schedules' }).getByRole('row', { name: new RegExp(`^${name}`) });
    await expect(row).toContainText('bob until');
    await expect(row).toContainText('alice from');
    await shot('oncall-list');

    await as('Viewer', 'bob');
    await page.goto(`${APP}/oncall/schedules/${id}`);
    const schedule = main.getByRole('region', { name: 'Schedule' });
    await expect(schedule.getByRole('list', { name: 'Layers' })).toContainText('alice, bob hand off every 1 weeks');
    await expect(schedule.getByRole('list', { name: 'Overrides' })).toContainText('Bob covers tonight');
    await expect(main.getByLabel('On call now')).toContainText('bob until');
    await expect(main.getByRole('textbox')).toHaveCount(0);
    await expect(main.getByRole('button', { name: 'Save schedule' })).toHaveCount(0);
    await expect(main.getByRole('button', { name: 'Subscribe' })).toHaveCount(0);
    await shot('oncall-schedule-viewer');
  } finally {
    await as('Editor', 'alice');
    await deleteSchedule(page.request, id);
    await as('Viewer', 'bob');
    const { methods } = (await (await page.request.get(`${API}/oncall/contact-methods`)).json()) as {
      methods: Array<{ id: string }>;
    };
    for (const m of methods) {
      expect((await page.request.delete(`${API}/oncall/contact-methods/${m.id}`)).status()).toBe(200);
    }
  }
});

test('a signed-in person makes a feed of their shifts, reads it, and revokes it', async ({ page, as }) => {
  await as('Viewer', 'bob');
  const main = page.getByRole('main');
  await page.goto(`${APP}/oncall?tab=feeds`);
  await main.getByRole('button', { name: 'My shifts' }).click();
  const url = main.getByLabel('Feed URL');
  await expect(url).toHaveValue(new RegExp(`^https?://[^/]+${API}/oncall/calendar/`));
  const feed = await page.request.get(await url.inputValue());
  expect(feed.status()).toBe(200);
  expect(await feed.text()).toContain('BEGIN:VCALENDAR');
  const feeds = main.getByRole('table', { name: 'Feeds' });
  const active = feeds.getByRole('row', { name: /Shifts of bob .* Active/ }).first();
  await active.getByRole('button', { name: 'Revoke' }).click();
  await expect(feeds.getByRole('row', { name: /Revoked/ }).first()).toBeVisible();
});
