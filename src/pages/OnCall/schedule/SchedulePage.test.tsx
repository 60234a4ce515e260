import React from 'react';
import { act, fireEvent, screen, within } from '@testing-library/react';

import { createSchedule, getSchedule, listPeople, saveSchedule } from '../../../api/client';
import { ApiError } from '../../../api/errors';
import { resetFakeApi, signedInAs } from '../../../testing/fakeApi';
import { withSizedLayout } from '../../../testing/layout';
import { renderAt } from '../../../testing/render';
import { fill, userWithFakeClock } from '../../../testing/user';
import { aScheduleView, aShift, PEOPLE } from '../fixtures';
import SchedulePage from './SchedulePage';

jest.mock('@grafana/runtime', () => require('../../../testing/runtime').runtimeMock());
jest.mock('../../../api/client', () => require('../../../testing/fakeApi').fakeApi());

const BASE = '/a/warroom-incident-app/oncall/schedules';
let user: ReturnType<typeof userWithFakeClock>;

beforeEach(() => {
  resetFakeApi();
  user = userWithFakeClock();
  signedInAs('Editor');
  jest.mocked(listPeople).mockResolvedValue(PEOPLE);
  jest.mocked(getSchedule).mockResolvedValue(aScheduleView());
  jest
    .mocked(saveSchedule)
    .mockImplementation(async (schedule, version) => aScheduleView({ schedule, version: version + 1 }));
  jest.mocked(createSchedule).mockImplementation(async (schedule) => aScheduleView({ schedule, version: 1 }));
});

afterEach(() => jest.useRealTimers());

/** Renders the page and lets the schedule, the people and GET /me arrive, as a user waits for the form. */
async function renderSchedule(id = 'payments') {
  await renderAt(`${BASE}/${id}`, { [`${BASE}/new`]: <SchedulePage />, [`${BASE}/:scheduleId`]: <SchedulePage /> });
  await act(() => jest.advanceTimersByTimeAsync(0));
}

/** Picks `name` in the person combobox `box`. */
async function pick(box: HTMLElement, name: RegExp) {
  await withSizedLayout(async () => {
    await user.click(box);
    await user.click(await screen.findByRole('option', { name }));
  });
}

it('creates a schedule: the id follows the name, participants keep their order and may repeat', async () => {
  await renderSchedule('new');
  const form = screen.getByRole('form', { name: 'Schedule' });

  await fill(user, within(form).getByLabelText('Name'), 'Payments Primary');
  expect(within(form).getByLabelText(/^Id/)).toHaveValue('payments-primary');
  // The search box is a new one after each pick, so it is found again each time.
  const add = () => within(form).getByRole('combobox', { name: /Add participant to Layer 1/ });
  await pick(add(), /Bob Brown/);
  await pick(add(), /Alice Adams/);
  await pick(add(), /Bob Brown/);
  await user.click(within(form).getByRole('button', { name: 'Move alice (participant 2) earlier' }));
  await user.click(within(form).getByRole('button', { name: 'Save schedule' }));

  const sent = jest.mocked(createSchedule).mock.calls[0][0];
  expect(sent).toMatchObject({ id: 'payments-primary', name: 'Payments Primary', timeZone: 'UTC' });
  expect(sent.layers[0].rotation).toEqual({
    participants: ['alice', 'bob', 'bob'],
    every: 1,
    unit: 'weeks',
    // The last Monday 09:00 before the test clock (Sunday 2026-11-29), so the rotation runs at once.
    start: '2026-11-23T09:00',
  });
  expect(await screen.findByText('Schedule saved')).toBeInTheDocument();
});

it('puts the server’s field errors beside their inputs and moves focus to the first', async () => {
  jest.mocked(saveSchedule).mockRejectedValue(
    new ApiError(400, 'invalid_request', 'the schedule is not valid', [
      { path: 'schedule.layers[0].rotation.start', message: 'must be a local date and time like 2026-01-05T09:00' },
      { path: 'schedule.layers[0].rotation.participants[1]', message: 'must be a Grafana login' },
    ])
  );
  await renderSchedule();
  const form = await screen.findByRole('form', { name: 'Schedule' });
  await user.click(within(form).getByRole('button', { name: 'Save schedule' }));

  const start = within(form).getByLabelText(/^Layer 1 first hand-off/);
  expect(await within(form).findByText('must be a local date and time like 2026-01-05T09:00')).toBeInTheDocument();
  expect(document.getElementById('oncall-layers-0-rotation-participants-1')).toHaveTextContent(
    'must be a Grafana login'
  );
  expect(start).toHaveFocus();
  expect(screen.getByRole('alert', { name: 'The schedule was not saved' })).toHaveTextContent(
    'layers[0].rotation.participants[1]: must be a Grafana login'
  );
  expect(saveSchedule).toHaveBeenCalledWith(expect.objectContaining({ id: 'payments' }), 3);
});

it('does not save on Enter in a text box', async () => {
  await renderSchedule();
  const form = await screen.findByRole('form', { name: 'Schedule' });
  await user.type(within(form).getByLabelText('Layer 1 name'), ' rota{Enter}');
  expect(saveSchedule).not.toHaveBeenCalled();
  expect(within(form).getByLabelText('Layer 1 name')).toHaveValue('Primary rota');
});

it('adds an override in the schedule’s zone: Bob covers tonight 18:00–06:00 Berlin time', async () => {
  await renderSchedule();
  const form = await screen.findByRole('form', { name: 'Schedule' });
  await user.click(within(form).getByRole('button', { name: 'Add override' }));

  const override = within(form).getByRole('group', { name: 'Override 1' });
  await pick(within(override).getByRole('combobox', { name: 'Override 1 person' }), /Bob Brown/);
  fireEvent.change(within(override).getByLabelText('Override 1 from (Europe/Berlin)'), {
    target: { value: '2026-11-29T18:00' },
  });
  fireEvent.change(within(override).getByLabelText('Override 1 until (Europe/Berlin)'), {
    target: { value: '2026-11-30T06:00' },
  });
  await fill(user, within(override).getByLabelText('Override 1 reason'), 'Alice at the dentist');
  await user.click(within(form).getByRole('button', { name: 'Save schedule' }));

  const [sent, version] = jest.mocked(saveSchedule).mock.calls[0];
  expect(version).toBe(3);
  expect(sent.overrides).toEqual([
    {
      id: expect.stringMatching(/^o-/),
      user: 'bob',
      start: '2026-11-29T17:00:00Z',
      end: '2026-11-30T05:00:00Z',
      reason: 'Alice at the dentist',
    },
  ]);
});

it('asks for an override’s times before sending', async () => {
  await renderSchedule();
  const form = await screen.findByRole('form', { name: 'Schedule' });
  await user.click(within(form).getByRole('button', { name: 'Add override' }));
  const from = within(form).getByLabelText('Override 1 from (Europe/Berlin)');
  fireEvent.change(from, { target: { value: '' } });
  await user.click(within(form).getByRole('button', { name: 'Save schedule' }));

  expect(saveSchedule).not.toHaveBeenCalled();
  expect(within(form).getByText('is required: a date and time')).toBeInTheDocument();
  expect(from).toHaveFocus();
});

it('keeps the edits on a 409 and offers to reload', async () => {
  jest.mocked(saveSchedule).mockRejectedValue(new ApiError(409, 'conflict', 'the schedule changed'));
  await renderSchedule();
  const form = await screen.findByRole('form', { name: 'Schedule' });
  await fill(user, within(form).getByLabelText('Layer 1 name'), 'Weekdays');
  await user.click(within(form).getByRole('button', { name: 'Save schedule' }));

  expect(await screen.findByText('Someone else changed this schedule')).toBeInTheDocument();
  expect(within(form).getByLabelText('Layer 1 name')).toHaveValue('Weekdays');
  jest.mocked(getSchedule).mockResolvedValue(aScheduleView({ version: 4 }));
  await user.click(screen.getByRole('button', { name: 'Reload' }));
  expect(await screen.findByLabelText('Layer 1 name')).toHaveValue('Primary');
});

it('shows who is on call now and next, and the final shifts by day', async () => {
  jest.mocked(getSchedule).mockResolvedValue(
    aScheduleView({
      now: aShift({ user: 'bob', source: 'override', layer: -1, end: '2026-11-29T17:00:00Z' }),
      shifts: [
        aShift({
          user: 'bob',
          source: 'override',
          layer: -1,
          start: '2026-11-29T08:10:00Z',
          end: '2026-11-29T17:00:00Z',
        }),
        aShift({ start: '2026-11-29T17:00:00Z' }),
      ],
    })
  );
  await renderSchedule();

  expect(await screen.findByLabelText('On call now')).toHaveTextContent('bob until Sun, Nov 29, 05:00 PM');
  expect(screen.getByLabelText('Next on call')).toHaveTextContent('bob from Mon, Nov 30');
  const preview = screen.getByRole('region', { name: 'Shifts of the next 14 days' });
  expect(within(preview).getByText('Sunday, November 29')).toBeInTheDocument();
  expect(within(preview).getAllByRole('listitem')).toHaveLength(2);
  expect(within(preview).getByText('override')).toBeInTheDocument();
});

it('shows a Viewer the schedule read-only', async () => {
  signedInAs('Viewer');
  await renderSchedule();

  const schedule = await screen.findByRole('region', { name: 'Schedule' });
  expect(within(schedule).getByRole('list', { name: 'Layers' })).toHaveTextContent(
    'Primary: alice, bob hand off every 1 weeks, from 2026-11-23 09:00'
  );
  expect(screen.queryByRole('form', { name: 'Schedule' })).not.toBeInTheDocument();
  expect(screen.queryByRole('textbox')).not.toBeInTheDocument();
  expect(screen.queryByRole('button', { name: 'Subscribe' })).not.toBeInTheDocument();
  expect(screen.queryByRole('button', { name: 'Preview' })).not.toBeInTheDocument();
});
