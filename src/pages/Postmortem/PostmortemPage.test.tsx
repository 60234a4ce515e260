import React from 'react';
import { act, screen, within } from '@testing-library/react';

import { getMe, getPostmortem, savePostmortem } from '../../api/client';
import { ApiError } from '../../api/errors';
import { aPostmortemDoc, aPostmortemView, me } from '../../testing/fixtures';
import { renderAt } from '../../testing/render';
import { setBootRole } from '../../testing/runtime';
import { userWithFakeClock } from '../../testing/user';
import { DRAFT_DELAY_MS, draftKey, readDraft } from './draft';
import PostmortemPage from './PostmortemPage';
import { resetFakeApi } from '../../testing/fakeApi';

jest.mock('@grafana/runtime', () => require('../../testing/runtime').runtimeMock());
jest.mock('../../api/client', () => require('../../testing/fakeApi').fakeApi());

const ID = 'INC-2026-11-29-001';

function signedInAs(role: 'Viewer' | 'Editor') {
  setBootRole(role);
  jest.mocked(getMe).mockResolvedValue(me(role));
}

const renderPostmortem = () =>
  renderAt(`/a/warroom-incident-app/incidents/${ID}/postmortem`, {
    '/a/warroom-incident-app/incidents/:id/postmortem': <PostmortemPage />,
  });

/** The user stops typing: the draft's write, waiting for a pause, happens. */
const pause = () => act(() => jest.advanceTimersByTime(DRAFT_DELAY_MS));

let user: ReturnType<typeof userWithFakeClock>;

/** Puts text into a field as one input (typing a long text key by key re-renders the whole form per key). */
async function enter(field: HTMLElement, text: string) {
  await user.click(field);
  await user.paste(text);
}

beforeEach(() => {
  resetFakeApi();
  user = userWithFakeClock('2026-11-29T08:10:00Z');
  window.localStorage.clear();
  const { config } = jest.requireMock('@grafana/runtime');
  Object.assign(config.bootData.user, { orgId: 1, login: 'eddie' });
  signedInAs('Editor');
  jest
    .mocked(getPostmortem)
    .mockResolvedValue(
      aPostmortemView({ version: 7, dueAt: '2999-01-01T10:00:00Z', markdown: '# Post-mortem: INC\n\nAll good.\n' })
    );
});

afterEach(() => jest.useRealTimers());

it('saves the edited document with the post-mortem version, then reloads it', async () => {
  jest.mocked(savePostmortem).mockResolvedValue(aPostmortemView({ version: 8, saved: true }));
  await renderPostmortem();

  expect(getPostmortem).toHaveBeenCalledWith(ID);
  expect(screen.getByText(/^Due /)).toBeInTheDocument();
  await enter(screen.getByLabelText('What happened'), 'A bad deploy');
  await user.click(screen.getByRole('button', { name: 'Add why' }));
  await enter(screen.getByRole('textbox', { name: 'Why 1' }), 'The canary was skipped');
  await user.click(screen.getByRole('button', { name: 'Save' }));

  expect(savePostmortem).toHaveBeenCalledWith(ID, {
    version: 7,
    doc: aPostmortemDoc({ whatHappened: 'A bad deploy', whys: ['The canary was skipped'] }),
  });
  expect(await screen.findByText('Post-mortem saved')).toBeInTheDocument();
  expect(getPostmortem).toHaveBeenCalledTimes(2);
});

it('keeps the unsaved draft in the browser through a reload, and forgets it once saved', async () => {
  const first = await renderPostmortem();
  await user.type(screen.getByLabelText('What happened'), 'A bad deploy');
  expect(readDraft(draftKey(ID))).toBeUndefined(); // not on every key
  await pause();
  expect(readDraft(draftKey(ID))).toMatchObject({ baseVersion: 7, doc: { whatHappened: 'A bad deploy' } });
  first.unmount();

  await renderPostmortem();
  expect(screen.getByText('Restored your unsaved draft from 2026-11-29 08:10:00')).toBeInTheDocument();
  expect(screen.getByLabelText('What happened')).toHaveValue('A bad deploy');

  jest.mocked(savePostmortem).mockResolvedValue(aPostmortemView({ version: 8, saved: true }));
  await user.click(screen.getByRole('button', { name: 'Save' }));
  expect(savePostmortem).toHaveBeenCalledWith(ID, {
    version: 7,
    doc: aPostmortemDoc({ whatHappened: 'A bad deploy' }),
  });
  expect(await screen.findByText('Post-mortem saved')).toBeInTheDocument();
  await pause();
  expect(readDraft(draftKey(ID))).toBeUndefined();
});

it('keeps what was typed just before leaving the page, without waiting for the pause', async () => {
  const first = await renderPostmortem();
  await enter(screen.getByLabelText('Detection'), 'Paged by the SLO alert');
  first.unmount();
  expect(readDraft(draftKey(ID))?.doc.detection).toBe('Paged by the SLO alert');
});

it('discards a restored draft when asked', async () => {
  const first = await renderPostmortem();
  await enter(screen.getByLabelText('What happened'), 'Half a thought');
  await pause();
  first.unmount();

  await renderPostmortem();
  await user.click(screen.getByRole('button', { name: 'Discard draft' }));
  expect(screen.getByLabelText('What happened')).toHaveValue('');
  expect(screen.queryByText(/Restored your unsaved draft/)).not.toBeInTheDocument();
  await pause();
  expect(readDraft(draftKey(ID))).toBeUndefined();
});

describe('when someone else saved the post-mortem meanwhile', () => {
  const theirs = aPostmortemView({
    version: 8,
    saved: true,
    savedBy: 'bob',
    savedAt: '2026-11-29T08:09:00Z',
    doc: aPostmortemDoc({ whatHappened: 'Their cause' }),
  });

  async function typeThenConflict() {
    jest.mocked(savePostmortem).mockRejectedValueOnce(new ApiError(409, 'conflict', 'stale'));
    await renderPostmortem();
    jest.mocked(getPostmortem).mockResolvedValue(theirs);
    await enter(screen.getByLabelText('What happened'), 'My cause');
    await user.click(screen.getByRole('button', { name: 'Save' }));
    return screen.findByRole('region', { name: 'Compare What happened' });
  }

  it('shows both texts and keeps mine in the form', async () => {
    const compare = await typeThenConflict();

    expect(
      screen.getByText('bob saved this post-mortem at 2026-11-29 08:09:00 while you were editing')
    ).toBeInTheDocument();
    expect(screen.getByRole('region', { name: 'Conflicting edits' })).toHaveFocus();
    expect(within(compare).getByLabelText('Yours')).toHaveValue('My cause');
    expect(within(compare).getByLabelText('Theirs (saved)')).toHaveValue('Their cause');
    expect(screen.queryByRole('region', { name: 'Compare Summary' })).not.toBeInTheDocument(); // the same on both
    expect(screen.getByLabelText('What happened')).toHaveValue('My cause');
    await pause();
    expect(readDraft(draftKey(ID))?.doc.whatHappened).toBe('My cause');
  });

  it('keeps mine: saves it over theirs with their version', async () => {
    await typeThenConflict();
    jest.mocked(savePostmortem).mockResolvedValue(aPostmortemView({ version: 9, saved: true }));
    await user.click(screen.getByRole('button', { name: 'Keep mine and save' }));

    expect(savePostmortem).toHaveBeenLastCalledWith(ID, {
      version: 8,
      doc: aPostmortemDoc({ whatHappened: 'My cause' }),
    });
    expect(await screen.findByText('Post-mortem saved')).toBeInTheDocument();
  });

  it('takes theirs for one field, then saves on their version', async () => {
    await typeThenConflict();
    await user.click(screen.getByRole('button', { name: 'Use theirs for What happened' }));

    expect(screen.getByLabelText('What happened')).toHaveValue('Their cause');
    expect(screen.queryByRole('region', { name: 'Conflicting edits' })).not.toBeInTheDocument();
    jest.mocked(savePostmortem).mockResolvedValue(aPostmortemView({ version: 9, saved: true }));
    await user.click(screen.getByRole('button', { name: 'Save' }));
    expect(savePostmortem).toHaveBeenLastCalledWith(ID, {
      version: 8,
      doc: aPostmortemDoc({ whatHappened: 'Their cause' }),
    });
  });

  it('copies mine before taking theirs', async () => {
    // Grafana copies through the Clipboard API only in a secure context (https, localhost).
    Object.defineProperty(window, 'isSecureContext', { value: true, configurable: true });
    const compare = await typeThenConflict();
    await user.click(within(compare).getByRole('button', { name: 'Copy mine' }));
    expect(await navigator.clipboard.readText()).toBe('My cause');
  });

  it('shows the comparison at once for a draft written on an older version', async () => {
    const first = await renderPostmortem();
    await enter(screen.getByLabelText('What happened'), 'My cause');
    await pause();
    first.unmount();

    jest.mocked(getPostmortem).mockResolvedValue(theirs);
    await renderPostmortem();
    const compare = screen.getByRole('region', { name: 'Compare What happened' });
    expect(within(compare).getByLabelText('Yours')).toHaveValue('My cause');
    expect(within(compare).getByLabelText('Theirs (saved)')).toHaveValue('Their cause');
    expect(screen.getByText(/^Restored your unsaved draft from/)).toBeInTheDocument();
  });
});

it('marks an action item done', async () => {
  const item = { action: 'Add a canary gate', owner: 'bob', priority: 'High' as const, due: '2026-12-15' };
  jest.mocked(getPostmortem).mockResolvedValue(aPostmortemView({ doc: aPostmortemDoc({ actionItems: [item] }) }));
  jest.mocked(savePostmortem).mockResolvedValue(aPostmortemView({ version: 8, saved: true }));
  await renderPostmortem();

  expect(screen.getByRole('checkbox', { name: 'Done 1' })).not.toBeChecked();
  await user.click(screen.getByRole('checkbox', { name: 'Done 1' }));
  await user.click(screen.getByRole('button', { name: 'Save' }));

  expect(savePostmortem).toHaveBeenCalledWith(ID, {
    version: 7,
    doc: aPostmortemDoc({ actionItems: [{ ...item, done: true }] }),
  });
});

it("shows the API's field error at the action item's owner", async () => {
  jest
    .mocked(savePostmortem)
    .mockRejectedValue(
      new ApiError(400, 'invalid_request', 'the post-mortem is not valid', [
        { path: 'doc.actionItems[0].owner', message: 'every action item needs an owner' },
      ])
    );
  await renderPostmortem();

  await user.click(screen.getByRole('button', { name: 'Add action item' }));
  await enter(screen.getByRole('textbox', { name: 'Action 1' }), 'Add a canary gate');
  await user.type(screen.getByLabelText('Due date 1'), '2026-12-15');
  await user.click(screen.getByRole('button', { name: 'Save' }));

  expect(savePostmortem).toHaveBeenCalledWith(ID, {
    version: 7,
    doc: aPostmortemDoc({
      actionItems: [{ action: 'Add a canary gate', owner: '', priority: 'Medium', due: '2026-12-15' }],
    }),
  });
  const row = screen.getByRole('textbox', { name: 'Owner 1' }).closest('td')!;
  expect(await within(row).findByText('every action item needs an owner')).toBeInTheDocument();
  expect(screen.getByText('The post-mortem was not saved')).toBeInTheDocument();
});

it('marks an overdue post-mortem', async () => {
  jest.mocked(getPostmortem).mockResolvedValue(aPostmortemView({ dueAt: '2020-01-01T00:00:00Z' }));
  await renderPostmortem();
  expect(screen.getByText('Overdue')).toBeInTheDocument();
});

it('exports the Markdown as <incident id>-postmortem.md', async () => {
  const createObjectURL = jest.fn((_blob: Blob) => 'blob:warroom/1');
  const revokeObjectURL = jest.fn();
  Object.assign(URL, { createObjectURL, revokeObjectURL });
  const clicked: HTMLAnchorElement[] = [];
  const click = jest.spyOn(HTMLAnchorElement.prototype, 'click').mockImplementation(function (this: HTMLAnchorElement) {
    clicked.push(this);
  });
  try {
    await renderPostmortem();
    await user.click(screen.getByRole('button', { name: 'Export Markdown' }));

    expect(clicked).toHaveLength(1);
    expect(clicked[0].download).toBe(`${ID}-postmortem.md`);
    expect(clicked[0].href).toBe('blob:warroom/1');
    expect(clicked[0].isConnected).toBe(false);
    const blob = createObjectURL.mock.calls[0][0];
    expect(blob.type).toBe('text/markdown;charset=utf-8');
    const text = await new Promise<string>((resolve) => {
      const reader = new FileReader();
      reader.onload = () => resolve(String(reader.result));
      reader.readAsText(blob);
    });
    expect(text).toBe('# Post-mortem: INC\n\nAll good.\n');
  } finally {
    click.mockRestore();
  }
});

it('shows viewers the document without edit controls', async () => {
  signedInAs('Viewer');
  await renderPostmortem();

  expect(screen.getByRole('heading', { name: 'Post-mortem: INC' })).toBeInTheDocument();
  expect(screen.queryByRole('form')).not.toBeInTheDocument();
  expect(screen.queryByRole('textbox')).not.toBeInTheDocument();
  expect(screen.queryByRole('button', { name: 'Save' })).not.toBeInTheDocument();
  expect(screen.getByRole('button', { name: 'Export Markdown' })).toBeInTheDocument();
});
