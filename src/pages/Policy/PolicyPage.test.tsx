import React from 'react';
import { act, render, screen, within } from '@testing-library/react';

import { getPolicy, savePolicy } from '../../api/client';
import { ApiError } from '../../api/errors';
import { resetFakeApi, signedInAs } from '../../testing/fakeApi';
import { aPolicy } from '../../testing/fixtures';
import { fill, userWithFakeClock } from '../../testing/user';
import PolicyPage from './PolicyPage';

jest.mock('@grafana/runtime', () => require('../../testing/runtime').runtimeMock());
jest.mock('../../api/client', () => require('../../testing/fakeApi').fakeApi());

let user: ReturnType<typeof userWithFakeClock>;

async function renderPolicy() {
  render(<PolicyPage />);
  await act(() => Promise.resolve());
  return screen.getByRole('form', { name: 'Severity policy' });
}

beforeEach(() => {
  resetFakeApi();
  user = userWithFakeClock();
  signedInAs('Admin');
});

afterEach(() => jest.useRealTimers());

// The form's edits in two saves (levels, then rules and labels): one test of a dozen edits re-renders
// the whole policy a dozen times, slow enough to near jest's 5 s on a busy machine.
it('saves edited levels and tiers with the version it replaces', async () => {
  const form = await renderPolicy();

  await fill(user, within(form).getByLabelText('P1 respond within'), '10m');
  await user.clear(within(form).getByLabelText('P1 resolve within'));
  await user.click(within(form).getByRole('button', { name: 'Add P4 tier' }));
  await fill(user, within(form).getByLabelText('P4 tier 2 after'), '4h');
  await fill(user, within(form).getByLabelText('P4 tier 2 note'), 'Team lead');
  await user.click(within(form).getByLabelText('Remove P1 tier 2'));
  await user.click(within(form).getByRole('button', { name: 'Save policy' }));

  const sent = jest.mocked(savePolicy).mock.calls[0][0];
  expect(sent.version).toBe(3);
  expect(sent.levels[0]).toMatchObject({ respondWithin: '10m', tiers: [{ after: '0s', who: 'On-call engineer' }] });
  // Empty means "best effort": the key is left out, as the contract's optional field.
  expect(sent.levels[0]).not.toHaveProperty('resolveWithin', expect.anything());
  expect(sent.levels[1].tiers).toEqual([
    { after: '0s', who: 'Assigned engineer' },
    { after: '4h', who: 'Team lead', targets: [] },
  ]);
  expect(await screen.findByText('Policy saved')).toBeInTheDocument();
  expect(getPolicy).toHaveBeenCalledTimes(2);
});

it('saves edited rules and the label style', async () => {
  const form = await renderPolicy();

  await user.click(within(form).getByRole('switch', { name: 'Auto-apply p3-customer-reports' }));
  await fill(user, within(form).getByLabelText('Customer reports over'), '5');
  await user.click(within(form).getByRole('radio', { name: 'SEV (SEV1, SEV2, …)' }));
  await user.click(within(form).getByRole('button', { name: 'Save policy' }));

  const sent = jest.mocked(savePolicy).mock.calls[0][0];
  expect(sent.labels).toBe('SEV');
  expect(sent.rules[1]).toMatchObject({ customerReportsOver: 5, autoApply: true });
  expect(await screen.findByText('Policy saved')).toBeInTheDocument();
});

it("shows the API's field error next to the input it names, and lists it", async () => {
  jest
    .mocked(savePolicy)
    .mockRejectedValue(
      new ApiError(400, 'invalid_request', 'the policy is not valid', [
        { path: 'levels[0].tiers[1].after', message: 'must start after the previous tier (15m)' },
      ])
    );
  const form = await renderPolicy();
  await user.click(within(form).getByRole('button', { name: 'Save policy' }));

  const tier = within(form).getByRole('group', { name: 'P1 tier 2' });
  expect(await within(tier).findByText('must start after the previous tier (15m)')).toBeInTheDocument();
  const alert = screen.getByRole('alert', { name: 'The policy was not saved' });
  expect(alert).toHaveTextContent('levels[0].tiers[1].after: must start after the previous tier (15m)');
});

it('refuses durations the back end could not read, without sending them', async () => {
  const form = await renderPolicy();
  const after = within(form).getByLabelText('P1 tier 2 after');
  await user.clear(after);
  await user.type(after, 'soon');
  await user.click(within(form).getByRole('button', { name: 'Save policy' }));

  expect(savePolicy).not.toHaveBeenCalled();
  expect(screen.getByRole('alert', { name: 'The policy was not saved' })).toHaveTextContent(
    'levels[0].tiers[1].after: must be a duration such as 15m or 2h'
  );
});

it('reloads and says so when another admin saved first', async () => {
  let refuse = () => {};
  jest
    .mocked(savePolicy)
    .mockReturnValue(new Promise((_, reject) => (refuse = () => reject(new ApiError(409, 'conflict', 'stale')))));
  const form = await renderPolicy();
  jest.mocked(getPolicy).mockResolvedValue(aPolicy({ version: 4, postmortemDue: '72h' }));
  await user.click(within(form).getByRole('button', { name: 'Save policy' }));
  // Refused inside act: the reload it starts comes a few promise turns later, after the click has returned.
  await act(async () => refuse());

  expect(await screen.findByText('Someone else changed the policy — reloaded')).toBeInTheDocument();
  expect(await screen.findByDisplayValue('72h')).toBeInTheDocument();
});

it.each(['Viewer', 'Editor'] as const)('%s: the policy is shown without controls', async (role) => {
  signedInAs(role);
  render(<PolicyPage />);
  await act(() => Promise.resolve());

  const levels = within(screen.getByRole('table', { name: 'Severity levels' }));
  expect(levels.getByText('On-call engineer after 0s; Senior engineer after 15m')).toBeInTheDocument();
  expect(levels.getByRole('row', { name: /^P1 Full outage/ })).toBeInTheDocument();
  expect(levels.getByRole('row', { name: /^P4 Minor or cosmetic issue/ })).toBeInTheDocument();
  expect(screen.queryByRole('form')).not.toBeInTheDocument();
  expect(screen.queryByRole('textbox')).not.toBeInTheDocument();
  expect(screen.queryByRole('button')).not.toBeInTheDocument();
});

it('shows Viewers whom each tier pages and whether unanswered pages repeat', async () => {
  signedInAs('Viewer');
  const p = aPolicy({ paging: { repeatUntilAcknowledged: true, repeatAfter: '10m', maxRepeats: 2 } });
  p.levels[0].tiers[1].targets = [
    { kind: 'schedule', id: 'secondary' },
    { kind: 'channel', id: 'leads' },
  ];
  jest.mocked(getPolicy).mockResolvedValue(p);
  render(<PolicyPage />);
  await act(() => Promise.resolve());

  const levels = within(screen.getByRole('table', { name: 'Severity levels' }));
  expect(
    levels.getByText('On-call engineer after 0s; Senior engineer after 15m (pages schedule secondary, channel leads)')
  ).toBeInTheDocument();
  expect(
    screen.getByText(/Unanswered pages repeat from the first tier 10m after the last, at most 2 times/)
  ).toBeInTheDocument();
});

it('offers a retry when the policy cannot be loaded', async () => {
  jest.mocked(getPolicy).mockRejectedValueOnce(new ApiError(500, 'internal', 'boom'));
  render(<PolicyPage />);
  await act(() => Promise.resolve());
  expect(screen.getByText('Could not load the severity policy')).toBeInTheDocument();
  await user.click(screen.getByRole('button', { name: 'Try again' }));
  expect(await screen.findByRole('form', { name: 'Severity policy' })).toBeInTheDocument();
});

it('edits a level’s meaning in a multi-line box that holds the whole sentence', async () => {
  const form = await renderPolicy();

  const meaning = within(form).getByLabelText('P1 meaning');
  expect(meaning.tagName).toBe('TEXTAREA');
  expect(meaning).toHaveValue(aPolicy().levels[0].meaning);
  await fill(user, meaning, 'Full outage.\nCustomers cannot check out.');
  await user.click(within(form).getByRole('button', { name: 'Save policy' }));

  expect(jest.mocked(savePolicy).mock.calls[0][0].levels[0].meaning).toBe('Full outage.\nCustomers cannot check out.');
  expect(await screen.findByText('Policy saved')).toBeInTheDocument();
});
