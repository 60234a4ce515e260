import React from 'react';
import { screen, within } from '@testing-library/react';

import { getMe, listIncidents } from '../../api/client';
import { ApiError } from '../../api/errors';
import { anIncident, me } from '../../testing/fixtures';
import { renderAt } from '../../testing/render';
import { userWithFakeClock } from '../../testing/user';
import { withSizedLayout } from '../../testing/layout';
import { setBootRole } from '../../testing/runtime';
import { windowStart } from './IncidentListFilters';
import IncidentsPage, { PAGE_SIZE } from './IncidentsPage';
import { resetFakeApi } from '../../testing/fakeApi';

jest.mock('@grafana/runtime', () => require('../../testing/runtime').runtimeMock());
jest.mock('../../api/client', () => require('../../testing/fakeApi').fakeApi());

function signedInAs(role: 'Viewer' | 'Editor' | 'Admin') {
  setBootRole(role);
  jest.mocked(getMe).mockResolvedValue(me(role));
}

const renderList = () =>
  renderAt('/a/warroom-incident-app/incidents', { '/a/warroom-incident-app/incidents': <IncidentsPage /> });

let user: ReturnType<typeof userWithFakeClock>;

beforeEach(() => {
  resetFakeApi();
  user = userWithFakeClock();
  signedInAs('Editor');
});

afterEach(() => jest.useRealTimers());

it('renders one row per incident with severity, status and services', async () => {
  jest.mocked(listIncidents).mockResolvedValue({
    items: [
      anIncident(),
      anIncident({
        id: 'INC-2026-11-29-002',
        title: 'Login slow',
        severity: 'P3',
        status: 'monitoring',
        services: ['auth', 'web'],
      }),
    ],
    total: 2,
  });
  await renderList();

  const rows = screen.getAllByRole('row').slice(1);
  expect(rows).toHaveLength(2);
  expect(within(rows[0]).getByRole('link', { name: 'INC-2026-11-29-001' })).toHaveAttribute(
    'href',
    '/a/warroom-incident-app/incidents/INC-2026-11-29-001'
  );
  expect(within(rows[0]).getByText('Checkout API returns 502')).toBeInTheDocument();
  expect(within(rows[0]).getByText('P2')).toBeInTheDocument();
  expect(within(rows[0]).getByText('Investigating')).toBeInTheDocument();
  expect(within(rows[1]).getByText('P3')).toBeInTheDocument();
  expect(within(rows[1]).getByText('Monitoring')).toBeInTheDocument();
  expect(within(rows[1]).getByText('auth, web')).toBeInTheDocument();
  expect(screen.getByText('2 incidents')).toBeInTheDocument();
});

it('asks the back end for active incidents, newest first, one page at a time', async () => {
  jest.mocked(listIncidents).mockResolvedValue({ items: [anIncident()], total: PAGE_SIZE * 3 });
  await renderList();

  expect(listIncidents).toHaveBeenLastCalledWith({
    status: ['investigating', 'identified', 'monitoring'],
    sort: 'created',
    order: 'desc',
    limit: PAGE_SIZE,
    offset: 0,
  });

  await user.click(screen.getByRole('button', { name: '2' }));
  expect(listIncidents).toHaveBeenLastCalledWith(expect.objectContaining({ offset: PAGE_SIZE }));

  await user.click(screen.getByRole('radio', { name: 'P1' }));
  expect(listIncidents).toHaveBeenLastCalledWith(expect.objectContaining({ severity: ['P1'], offset: 0 }));
});

it('invites editors to declare when there are no incidents', async () => {
  jest.mocked(listIncidents).mockResolvedValue({ items: [], total: 0 });
  await renderList();

  expect(screen.getByText('No incidents — declare one')).toBeInTheDocument();
  const declareLinks = screen.getAllByRole('link', { name: /declare incident/i });
  expect(declareLinks.length).toBeGreaterThan(0);
  declareLinks.forEach((link) => expect(link).toHaveAttribute('href', '/a/warroom-incident-app/declare'));
  expect(screen.queryByRole('table')).not.toBeInTheDocument();
});

it('shows the error and retries on request', async () => {
  jest.mocked(listIncidents).mockRejectedValueOnce(new ApiError(500, 'internal', 'internal error; request id abc'));
  jest.mocked(listIncidents).mockResolvedValueOnce({ items: [anIncident()], total: 1 });
  await renderList();

  expect(screen.getByText('Could not load incidents')).toBeInTheDocument();
  expect(screen.getByText('internal error; request id abc')).toBeInTheDocument();

  await user.click(screen.getByRole('button', { name: 'Try again' }));
  expect(await screen.findByRole('link', { name: 'INC-2026-11-29-001' })).toBeInTheDocument();
});

describe('role gating', () => {
  it('shows viewers no way to declare', async () => {
    signedInAs('Viewer');
    jest.mocked(listIncidents).mockResolvedValue({ items: [], total: 0 });
    await renderList();

    expect(screen.getByText('No incidents')).toBeInTheDocument();
    expect(screen.queryByRole('link', { name: /declare incident/i })).not.toBeInTheDocument();
    expect(screen.queryByRole('button', { name: /demo/i })).not.toBeInTheDocument();
  });

  it('shows editors the declare button beside a list', async () => {
    jest.mocked(listIncidents).mockResolvedValue({ items: [anIncident()], total: 1 });
    await renderList();

    expect(screen.getByRole('link', { name: /declare incident/i })).toBeInTheDocument();
  });

  it('trusts the back end’s role over boot data', async () => {
    setBootRole('Editor');
    jest.mocked(getMe).mockResolvedValue(me('Viewer'));
    jest.mocked(listIncidents).mockResolvedValue({ items: [anIncident()], total: 1 });
    await renderList();

    expect(screen.queryByRole('link', { name: /declare incident/i })).not.toBeInTheDocument();
  });
});

describe('declared-time filter', () => {
  it('computes the start of each window from now', () => {
    const now = Date.parse('2026-11-29T12:00:00Z');
    expect(windowStart('', now)).toBeUndefined();
    expect(windowStart('24h', now)).toBe('2026-11-28T12:00:00.000Z');
    expect(windowStart('7d', now)).toBe('2026-11-22T12:00:00.000Z');
  });

  it('asks the back end only for incidents declared in the chosen window', async () => {
    jest.mocked(listIncidents).mockResolvedValue({ items: [anIncident()], total: 1 });
    await renderList();
    await withSizedLayout(async () => {
      await user.click(screen.getByRole('combobox', { name: 'Declared' }));
      await user.click(await screen.findByRole('option', { name: 'Last 7 days' }));
    });
    // Seven days before the (fake) clock's 2026-11-29T08:10:00Z.
    expect(listIncidents).toHaveBeenLastCalledWith(
      expect.objectContaining({ from: '2026-11-22T08:10:00.000Z', offset: 0 })
    );
  });
});
