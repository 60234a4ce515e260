import React from 'react';
import { act, render, screen, within } from '@testing-library/react';

import { listPeople, listSchedules, listTeams, savePolicy, getPolicy } from '../../../api/client';
import { ApiError } from '../../../api/errors';
import { resetFakeApi, signedInAs } from '../../../testing/fakeApi';
import { aPolicy } from '../../../testing/fixtures';
import { withSizedLayout } from '../../../testing/layout';
import { fill, userWithFakeClock } from '../../../testing/user';
import PolicyPage from '../PolicyPage';

jest.mock('@grafana/runtime', () => require('../../../testing/runtime').runtimeMock());
jest.mock('../../../api/client', () => require('../../../testing/fakeApi').fakeApi());

let user: ReturnType<typeof userWithFakeClock>;

async function renderPolicy() {
  render(<PolicyPage />);
  await act(() => Promise.resolve());
  return screen.getByRole('form', { name: 'Severity policy' });
}

const targets = (name: string) => screen.getByRole('group', { name: `${name} targets` });

async function addTarget(name: string, kind: string, option: RegExp) {
  await withSizedLayout(async () => {
    const box = targets(name);
    await user.click(within(box).getByRole('combobox', { name: `${name} target kind` }));
    await user.click(await screen.findByRole('option', { name: new RegExp(`^${kind}`) }));
    await user.click(within(box).getByRole('combobox', { name: `${name} add ${kind.toLowerCase()}` }));
    await user.click(await screen.findByRole('option', { name: option }));
  });
}

beforeEach(() => {
  resetFakeApi();
  user = userWithFakeClock();
  signedInAs('Admin');
  jest.mocked(listSchedules).mockResolvedValue({
    at: '2026-11-29T08:10:00Z',
    schedules: [
      {
        id: 'primary',
        name: 'Primary',
        timeZone: 'UTC',
        version: 1,
        now: { user: 'alice', start: '', end: '', layer: 0 },
        next: null,
      },
    ],
  });
  jest.mocked(listPeople).mockResolvedValue({ source: 'grafana', people: [{ login: 'bob', name: 'Bob' }] });
  jest.mocked(listTeams).mockResolvedValue({ available: true, teams: [{ id: '7', name: 'SRE', memberCount: 3 }] });
});

afterEach(() => jest.useRealTimers());

it('adds several targets to a tier, removes one, and saves them with the note', async () => {
  const form = await renderPolicy();

  await addTarget('P1 tier 1', 'Schedule', /^Primary/);
  await addTarget('P1 tier 1', 'User', /^Bob \(bob\)/);
  await addTarget('P1 tier 1', 'Team', /^SRE/);
  const box = targets('P1 tier 1');
  expect(within(box).getByText('Schedule: Primary')).toBeInTheDocument();
  await user.click(within(box).getByRole('button', { name: 'Remove P1 tier 1 target User: Bob (bob)' }));
  await fill(user, within(form).getByLabelText('P1 tier 1 note'), 'Primary on call');
  await user.click(within(form).getByRole('button', { name: 'Save policy' }));

  const sent = jest.mocked(savePolicy).mock.calls[0][0];
  expect(sent.levels[0].tiers[0]).toEqual({
    after: '0s',
    who: 'Primary on call',
    targets: [
      { kind: 'schedule', id: 'primary' },
      { kind: 'team', id: '7' },
    ],
  });
});

it('saves the rule that repeats paging until someone acknowledges', async () => {
  const form = await renderPolicy();
  expect(within(form).getByLabelText(/^At most \(times\)/)).toBeDisabled();
  await user.click(within(form).getByRole('switch', { name: /^Repeat until acknowledged/ }));
  await fill(user, within(form).getByLabelText(/^At most \(times\)/), '2');
  await user.click(within(form).getByRole('button', { name: 'Save policy' }));

  expect(jest.mocked(savePolicy).mock.calls[0][0].paging).toEqual({
    repeatUntilAcknowledged: true,
    repeatAfter: '15m',
    maxRepeats: 2,
  });
});

it('shows the server’s error under the target it names', async () => {
  const policy = aPolicy();
  policy.levels[0].tiers[1].targets = [
    { kind: 'user', id: 'bob' },
    { kind: 'schedule', id: 'gone' },
  ];
  jest.mocked(getPolicy).mockResolvedValue(policy);
  jest.mocked(savePolicy).mockRejectedValue(
    new ApiError(400, 'invalid_request', 'the policy is not valid', [
      { path: 'levels[0].tiers[1].targets[1].id', message: 'no schedule "gone" exists in this org' },
      { path: 'paging.maxRepeats', message: 'must be from 1 to 10' },
    ])
  );
  const form = await renderPolicy();
  await user.click(within(form).getByRole('button', { name: 'Save policy' }));

  const box = targets('P1 tier 2');
  const gone = await within(box).findByRole('listitem', { name: 'P1 tier 2 target 2' });
  expect(gone).toHaveTextContent('Schedule: gone');
  expect(gone).toHaveTextContent('no schedule "gone" exists in this org');
  expect(within(box).getByRole('listitem', { name: 'P1 tier 2 target 1' })).not.toHaveTextContent('exists');
  expect(screen.getByText('must be from 1 to 10')).toBeInTheDocument();
});

it('says teams cannot be chosen when Grafana gives Warroom no team API', async () => {
  jest.mocked(listTeams).mockResolvedValue({ available: false, teams: [] });
  await renderPolicy();

  await withSizedLayout(async () => {
    const box = targets('P4 tier 1');
    await user.click(within(box).getByRole('combobox', { name: 'P4 tier 1 target kind' }));
    await user.click(await screen.findByRole('option', { name: /^Team/ }));
  });

  const box = targets('P4 tier 1');
  expect(within(box).getByRole('combobox', { name: 'P4 tier 1 add team' })).toBeDisabled();
  expect(box).toHaveTextContent('Grafana gives Warroom no team API');
});
