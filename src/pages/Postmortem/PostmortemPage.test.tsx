import React from 'react';
import { screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';

import { getMe, getPostmortem, savePostmortem } from '../../api/client';
import { ApiError } from '../../api/errors';
import { aPostmortemDoc, aPostmortemView, me } from '../../testing/fixtures';
import { renderAt } from '../../testing/render';
import { setBootRole } from '../../testing/runtime';
import PostmortemPage from './PostmortemPage';

jest.mock('@grafana/runtime', () => require('../../testing/runtime').runtimeMock());
jest.mock('../../api/client');

// These pages are large @grafana/ui forms typed into key by key; with two Jest workers
// sharing the CPU a test can take longer than Jest's default 5 s.
jest.setTimeout(20_000);

const ID = 'INC-2026-11-29-001';

function signedInAs(role: 'Viewer' | 'Editor') {
  setBootRole(role);
  jest.mocked(getMe).mockResolvedValue(me(role));
}

const renderPostmortem = () =>
  renderAt(`/a/warroom-incident-app/incidents/${ID}/postmortem`, {
    '/a/warroom-incident-app/incidents/:id/postmortem': <PostmortemPage />,
  });

beforeEach(() => {
  jest.resetAllMocks();
  signedInAs('Editor');
  jest
    .mocked(getPostmortem)
    .mockResolvedValue(
      aPostmortemView({ version: 7, dueAt: '2999-01-01T10:00:00Z', markdown: '# Post-mortem: INC\n\nAll good.\n' })
    );
});

it('saves the edited document with the incident version, then reloads it', async () => {
  jest.mocked(savePostmortem).mockResolvedValue(aPostmortemView({ version: 8, saved: true }));
  await renderPostmortem();

  expect(getPostmortem).toHaveBeenCalledWith(ID);
  expect(screen.getByText(/^Due /)).toBeInTheDocument();
  await userEvent.type(screen.getByLabelText('What happened'), 'A bad deploy');
  await userEvent.click(screen.getByRole('button', { name: 'Add why' }));
  await userEvent.type(screen.getByRole('textbox', { name: 'Why 1' }), 'The canary was skipped');
  await userEvent.click(screen.getByRole('button', { name: 'Save' }));

  expect(savePostmortem).toHaveBeenCalledWith(ID, {
    version: 7,
    doc: aPostmortemDoc({ whatHappened: 'A bad deploy', whys: ['The canary was skipped'] }),
  });
  expect(await screen.findByText('Post-mortem saved')).toBeInTheDocument();
  expect(getPostmortem).toHaveBeenCalledTimes(2);
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

  await userEvent.click(screen.getByRole('button', { name: 'Add action item' }));
  await userEvent.type(screen.getByRole('textbox', { name: 'Action 1' }), 'Add a canary gate');
  await userEvent.type(screen.getByLabelText('Due date 1'), '2026-12-15');
  await userEvent.click(screen.getByRole('button', { name: 'Save' }));

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

it('says so and reloads when the incident changed meanwhile', async () => {
  jest.mocked(savePostmortem).mockRejectedValue(new ApiError(409, 'conflict', 'stale'));
  await renderPostmortem();
  await userEvent.click(screen.getByRole('button', { name: 'Save' }));
  expect(await screen.findByText('Someone else changed this incident — reloaded')).toBeInTheDocument();
  expect(getPostmortem).toHaveBeenCalledTimes(2);
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
    await userEvent.click(screen.getByRole('button', { name: 'Export Markdown' }));

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
