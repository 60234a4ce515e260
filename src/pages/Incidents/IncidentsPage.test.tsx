import React from 'react';
import { useLocation } from 'react-router-dom';
import { act, screen, within } from '@testing-library/react';

import { getMe, listIncidents } from '../../api/client';
import { ApiError } from '../../api/errors';
import { anIncident, me } from '../../testing/fixtures';
import { renderAt } from '../../testing/render';
import { userWithFakeClock } from '../../testing/user';
import { withSizedLayout } from '../../testing/layout';
import { setBootRole } from '../../testing/runtime';
import { windowStart } from './IncidentListFilters';
import IncidentsPage, { LIST_REFRESH_MS, PAGE_SIZE } from './IncidentsPage';
import { resetFakeApi } from '../../testing/fakeApi';

jest.mock('@grafana/runtime', () => require('../../testing/runtime').runtimeMock());
jest.mock('../../api/client', () => require('../../testing/fakeApi').fakeApi());

function signedInAs(role: 'Viewer' | 'Editor' | 'Admin') {
  setBootRole(role);
  jest.mocked(getMe).mockResolvedValue(me(role));
}

/** The query string the browser shows, as a user would read it in the address bar. */
function AddressBar() {
  return <output aria-label="address">{useLocation().search}</output>;
}

const renderList = (query = '') =>
  renderAt(`/a/warroom-incident-app/incidents${query}`, {
    '/a/warroom-incident-app/incidents': (
      <>
        <IncidentsPage />
        <AddressBar />
      </>
    ),
  });
const address = () => screen.getByRole('status', { name: 'address' });

let user: ReturnType<typeof userWithFakeClock>;

beforeEach(() => {
  resetFakeApi();
  user = userWithFakeClock();
  signedInAs('Editor');
});

afterEach(() => jest.useRealTimers());

it('renders one row per incident: the title links to it, with severity, status, commander, next deadline and services', async () => {
  jest.mocked(listIncidents).mockResolvedValue({
    items: [
      anIncident(),
      {
        ...anIncident({
          id: 'INC-2026-11-29-002',
          title: 'Login slow',
          severity: 'P3',
          status: 'monitoring',
          services: ['auth', 'web'],
          details: { ...anIncident().details, roles: { commander: 'carol', responders: [] } },
        }),
        nextDeadline: { kind: 'respond', label: 'Respond by', due: '2026-11-29T08:22:00Z', state: 'ok' },
      },
    ],
    total: 2,
  });
  await renderList();

  const rows = screen.getAllByRole('row').slice(1);
  expect(rows).toHaveLength(2);
  expect(within(rows[0]).getByRole('link', { name: 'Checkout API returns 502' })).toHaveAttribute(
    'href',
    '/a/warroom-incident-app/incidents/INC-2026-11-29-001'
  );
  expect(within(rows[0]).getByText('INC-2026-11-29-001')).toBeInTheDocument();
  expect(within(rows[0]).getByText('Unassigned')).toBeInTheDocument();
  expect(within(rows[0]).getByText('None')).toBeInTheDocument();
  expect(within(rows[1]).getByText('carol')).toBeInTheDocument();
  // The fake clock reads 08:10:00: twelve minutes to respond.
  expect(within(rows[1]).getByText('Respond by')).toBeInTheDocument();
  expect(within(rows[1]).getByText('12m 00s left')).toBeInTheDocument();
  expect(within(rows[0]).getByText('P2')).toBeInTheDocument();
  expect(within(rows[0]).getByText('Investigating')).toBeInTheDocument();
  expect(within(rows[1]).getByText('P3')).toBeInTheDocument();
  expect(within(rows[1]).getByText('Monitoring')).toBeInTheDocument();
  expect(within(rows[1]).getByText('auth, web')).toBeInTheDocument();
  expect(screen.getByText('2 incidents')).toBeInTheDocument();
});

it('asks the back end for active incidents, most severe first, one page at a time', async () => {
  jest.mocked(listIncidents).mockResolvedValue({ items: [anIncident()], total: PAGE_SIZE * 3 });
  await renderList();

  expect(listIncidents).toHaveBeenLastCalledWith({
    status: ['investigating', 'identified', 'monitoring'],
    sort: 'severity',
    order: 'desc',
    limit: PAGE_SIZE,
    offset: 0,
  });

  await user.click(screen.getByRole('button', { name: '2' }));
  expect(listIncidents).toHaveBeenLastCalledWith(expect.objectContaining({ offset: PAGE_SIZE }));
  expect(address()).toHaveTextContent('?page=2');

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
  expect(await screen.findByRole('link', { name: 'Checkout API returns 502' })).toBeInTheDocument();
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

describe('triage: sorting, the URL and live refresh', () => {
  beforeEach(() => jest.mocked(listIncidents).mockResolvedValue({ items: [anIncident()], total: 1 }));

  it('sorts by severity by default and from the column headers, by keyboard too', async () => {
    await renderList();
    const severity = screen.getByRole('columnheader', { name: 'Severity' });
    const age = screen.getByRole('columnheader', { name: 'Age' });
    expect(severity).toHaveAttribute('aria-sort', 'descending');
    expect(age).toHaveAttribute('aria-sort', 'none');

    // Age descending is the oldest first: declared earliest.
    await user.click(within(age).getByRole('button', { name: 'Age' }));
    expect(listIncidents).toHaveBeenLastCalledWith(expect.objectContaining({ sort: 'created', order: 'asc' }));
    expect(screen.getByRole('columnheader', { name: 'Age' })).toHaveAttribute('aria-sort', 'descending');
    expect(screen.getByRole('columnheader', { name: 'Severity' })).toHaveAttribute('aria-sort', 'none');

    within(screen.getByRole('columnheader', { name: 'Age' }))
      .getByRole('button')
      .focus();
    await user.keyboard('{Enter}');
    expect(listIncidents).toHaveBeenLastCalledWith(expect.objectContaining({ sort: 'created', order: 'desc' }));
    expect(screen.getByRole('columnheader', { name: 'Age' })).toHaveAttribute('aria-sort', 'ascending');
    expect(address()).toHaveTextContent('?sort=created');
  });

  it('keeps filters and sort in the URL and reads them back, as a reload does', async () => {
    const before = await renderList();
    await user.click(screen.getByRole('radio', { name: 'P1' }));
    await user.click(screen.getByRole('button', { name: 'Severity' }));
    expect(address()).toHaveTextContent('?severity=P1&order=asc');

    before.unmount();
    jest.mocked(listIncidents).mockClear();
    await renderList('?severity=P1&order=asc&status=all&service=checkout-api');
    expect(listIncidents).toHaveBeenLastCalledWith(
      expect.objectContaining({
        severity: ['P1'],
        status: undefined,
        service: 'checkout-api',
        sort: 'severity',
        order: 'asc',
      })
    );
    expect(screen.getByRole('radio', { name: 'P1' })).toBeChecked();
    expect(screen.getByRole('columnheader', { name: 'Severity' })).toHaveAttribute('aria-sort', 'ascending');
  });

  it('ignores values it does not know in the URL', async () => {
    await renderList('?severity=P9&sort=name&page=-2');
    expect(listIncidents).toHaveBeenLastCalledWith(
      expect.objectContaining({ severity: undefined, sort: 'severity', order: 'desc', offset: 0 })
    );
  });

  it('shows a new incident from another responder at the next refresh', async () => {
    await renderList();
    expect(screen.getAllByRole('row')).toHaveLength(2);

    jest.mocked(listIncidents).mockResolvedValue({
      items: [anIncident({ id: 'INC-2026-11-29-002', title: 'Payments down', severity: 'P1' }), anIncident()],
      total: 2,
    });
    await act(() => jest.advanceTimersByTimeAsync(LIST_REFRESH_MS));
    expect(screen.getByRole('link', { name: 'Payments down' })).toBeInTheDocument();
    expect(screen.getAllByRole('row')).toHaveLength(3);
  });
});
