import React from 'react';
import { screen, within } from '@testing-library/react';

import { listSchedules } from '../../api/client';
import { ApiError } from '../../api/errors';
import { resetFakeApi, signedInAs } from '../../testing/fakeApi';
import { renderAt } from '../../testing/render';
import { userWithFakeClock } from '../../testing/user';
import { aShift, aSummary } from './fixtures';
import OnCallPage from './OnCallPage';

jest.mock('@grafana/runtime', () => require('../../testing/runtime').runtimeMock());
jest.mock('../../api/client', () => require('../../testing/fakeApi').fakeApi());

const PATH = '/a/warroom-incident-app/oncall';
let user: ReturnType<typeof userWithFakeClock>;

beforeEach(() => {
  resetFakeApi();
  user = userWithFakeClock();
  signedInAs('Viewer');
});

afterEach(() => jest.useRealTimers());

const renderPage = () => renderAt(PATH, { [PATH]: <OnCallPage /> });

it('lists each schedule with who is on call now and next, in the browser zone and the schedule zone', async () => {
  jest.mocked(listSchedules).mockResolvedValue({
    at: '2026-11-29T08:10:00Z',
    schedules: [aSummary(), aSummary({ id: 'db', name: 'Database', timeZone: 'UTC', now: null, next: null })],
  });
  await renderPage();

  const table = await screen.findByRole('table', { name: 'Schedules' });
  const payments = within(table).getByRole('row', { name: /^Payments/ });
  expect(within(payments).getByRole('link', { name: 'Payments' })).toHaveAttribute(
    'href',
    '/a/warroom-incident-app/oncall/schedules/payments'
  );
  // jest's browser is in UTC: Berlin shows the same instants an hour later, so both are given.
  expect(payments).toHaveTextContent('alice until Mon, Nov 30, 08:00 AM (Mon, Nov 30, 09:00 AM Europe/Berlin)');
  expect(payments).toHaveTextContent('bob from Mon, Nov 30, 08:00 AM (Mon, Nov 30, 09:00 AM Europe/Berlin)');
  const db = within(table).getByRole('row', { name: /^Database/ });
  expect(db).toHaveTextContent('Nobody');
  expect(db).toHaveTextContent('Nobody in the next 90 days');
  // A Viewer reads; only Editors create.
  expect(screen.queryByRole('link', { name: 'New schedule' })).not.toBeInTheDocument();
});

it('shows one zone only where the schedule reads times as the browser does', async () => {
  jest.mocked(listSchedules).mockResolvedValue({
    at: '2026-11-29T08:10:00Z',
    schedules: [aSummary({ timeZone: 'Europe/London', now: aShift({ end: '2026-11-30T09:00:00Z' }), next: null })],
  });
  await renderPage();
  const row = await screen.findByRole('row', { name: /^Payments/ });
  expect(row).toHaveTextContent('alice until Mon, Nov 30, 09:00 AM');
  expect(row).not.toHaveTextContent('Europe/London)');
});

it('offers Editors a first schedule when there is none', async () => {
  signedInAs('Editor');
  jest.mocked(listSchedules).mockResolvedValue({ at: '2026-11-29T08:10:00Z', schedules: [] });
  await renderPage();

  expect(await screen.findByText('No on-call schedules yet')).toBeInTheDocument();
  expect(screen.getByRole('link', { name: 'New schedule' })).toHaveAttribute(
    'href',
    '/a/warroom-incident-app/oncall/schedules/new'
  );
});

it('tells a Viewer with no schedules that Editors create them', async () => {
  jest.mocked(listSchedules).mockResolvedValue({ at: '2026-11-29T08:10:00Z', schedules: [] });
  await renderPage();
  expect(await screen.findByText('An Editor of this organization creates them.')).toBeInTheDocument();
  expect(screen.queryByRole('link', { name: 'New schedule' })).not.toBeInTheDocument();
});

it('shows why the list did not load, with a retry', async () => {
  jest.mocked(listSchedules).mockRejectedValueOnce(new ApiError(500, 'internal', 'database is locked'));
  await renderPage();
  expect(await screen.findByText('Could not load the schedules')).toBeInTheDocument();
  expect(screen.getByText('database is locked')).toBeInTheDocument();
  jest.mocked(listSchedules).mockResolvedValue({ at: '2026-11-29T08:10:00Z', schedules: [aSummary()] });
  await user.click(screen.getByRole('button', { name: 'Try again' }));
  expect(await screen.findByRole('table', { name: 'Schedules' })).toBeInTheDocument();
});
