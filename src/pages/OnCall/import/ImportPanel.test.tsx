import React from 'react';
import { render, screen, within } from '@testing-library/react';

import { importCalendar } from '../../../api/client';
import { resetFakeApi, signedInAs } from '../../../testing/fakeApi';
import { withSizedLayout } from '../../../testing/layout';
import { fill, userWithFakeClock } from '../../../testing/user';
import { aScheduleView, aShift, PEOPLE } from '../fixtures';
import { personOptions } from '../schedule/people';
import { ImportPanel } from './ImportPanel';

jest.mock('@grafana/runtime', () => require('../../../testing/runtime').runtimeMock());
jest.mock('../../../api/client', () => require('../../../testing/fakeApi').fakeApi());

let user: ReturnType<typeof userWithFakeClock>;
const ICS = 'BEGIN:VCALENDAR\nEND:VCALENDAR';

beforeEach(() => {
  resetFakeApi();
  user = userWithFakeClock();
  signedInAs('Editor');
});

afterEach(() => jest.useRealTimers());

it('previews an import, maps the people without a login, then imports it as a layer', async () => {
  const onImported = jest.fn();
  const saved = aScheduleView({ version: 4 });
  jest
    .mocked(importCalendar)
    .mockResolvedValueOnce({
      shifts: [aShift({ source: 'imported', start: '2026-12-01T08:00:00Z', end: '2026-12-02T08:00:00Z' })],
      warnings: ['1 event without an end was skipped'],
      unmapped: ['Dan Dunn <dan@corp.example>'],
    })
    .mockResolvedValueOnce({
      shifts: [
        aShift({ source: 'imported', start: '2026-12-01T08:00:00Z', end: '2026-12-02T08:00:00Z' }),
        aShift({ user: 'carol', source: 'imported', start: '2026-12-02T08:00:00Z', end: '2026-12-03T08:00:00Z' }),
      ],
      warnings: [],
      unmapped: [],
    })
    .mockResolvedValueOnce({ shifts: [], warnings: [], unmapped: [], schedule: saved });
  render(<ImportPanel view={aScheduleView()} people={personOptions(PEOPLE.people)} onImported={onImported} />);

  await fill(user, screen.getByLabelText(/^iCalendar text/), ICS);
  await user.click(screen.getByRole('button', { name: 'Preview' }));
  expect(importCalendar).toHaveBeenLastCalledWith('payments', {
    calendar: ICS,
    layerName: 'Imported calendar',
    users: {},
    dryRun: true,
    version: 3,
  });

  const preview = await screen.findByRole('region', { name: 'Import preview' });
  expect(within(preview).getByText('1 shifts found')).toBeInTheDocument();
  expect(within(preview).getByText('1 event without an end was skipped')).toBeInTheDocument();
  await withSizedLayout(async () => {
    await user.click(within(preview).getByRole('combobox', { name: 'Login for Dan Dunn <dan@corp.example>' }));
    await user.click(await screen.findByRole('option', { name: /Carol Chen/ }));
  });
  // Mapping a person previews again: their shifts show before anything is imported.
  expect(importCalendar).toHaveBeenLastCalledWith('payments', {
    calendar: ICS,
    layerName: 'Imported calendar',
    users: { 'Dan Dunn <dan@corp.example>': 'carol' },
    dryRun: true,
    version: 3,
  });
  expect(
    await within(screen.getByRole('region', { name: 'Import preview' })).findByText('2 shifts found')
  ).toBeInTheDocument();
  await user.click(screen.getByRole('button', { name: 'Import as a layer' }));

  expect(importCalendar).toHaveBeenLastCalledWith('payments', {
    calendar: ICS,
    layerName: 'Imported calendar',
    users: { 'Dan Dunn <dan@corp.example>': 'carol' },
    dryRun: false,
    version: 3,
  });
  expect(onImported).toHaveBeenCalledWith(saved);
});

it('cannot import before a preview', async () => {
  render(<ImportPanel view={aScheduleView()} people={[]} onImported={jest.fn()} />);
  expect(screen.getByRole('button', { name: 'Preview' })).toBeDisabled();
  expect(screen.getByRole('button', { name: 'Import as a layer' })).toBeDisabled();
});
