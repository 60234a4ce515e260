import React from 'react';
import { MemoryRouter } from 'react-router-dom';
import { act, render, screen, within } from '@testing-library/react';
import { EventBusSrv, LoadingState, getDefaultTimeRange, type PanelProps } from '@grafana/data';

import { listActiveTimers } from '../../api/client';
import { ApiError } from '../../api/errors';
import type { ActiveIncidentTimers, ActiveTimers } from '../../api/types';
import type { TimersPanelOptions } from './options';
import { TimersPanel } from './TimersPanel';

jest.mock('../../api/client', () => require('../../testing/fakeApi').fakeApi());

const NOW = Date.parse('2026-11-29T10:00:00Z');

/** Grafana's interpolation of the dashboard variable service = [checkout-api, search] in each format. */
function replaceVariables(value: string, _scoped?: unknown, format?: unknown): string {
  const values = ['checkout-api', 'search'];
  const rendered = format === 'csv' ? values.join(',') : `{${values.join(',')}}`;
  return value.replace(/\$service|\$\{service\}/g, rendered);
}

function props(options: Partial<TimersPanelOptions> = {}): PanelProps<TimersPanelOptions> {
  const timeRange = getDefaultTimeRange();
  return {
    id: 1,
    data: { state: LoadingState.Done, series: [], timeRange },
    timeRange,
    timeZone: 'utc',
    options: { services: '$service', severities: [], maxRows: 10, ...options },
    transparent: false,
    width: 600,
    height: 300,
    fieldConfig: { defaults: {}, overrides: [] },
    renderCounter: 0,
    title: 'Incident timers',
    eventBus: new EventBusSrv(),
    onOptionsChange: jest.fn(),
    onFieldConfigChange: jest.fn(),
    replaceVariables,
    onChangeTimeRange: jest.fn(),
  };
}

function anItem(id: string, overrides: Partial<ActiveIncidentTimers> = {}): ActiveIncidentTimers {
  return {
    incident: {
      id,
      title: 'Checkout 502s',
      severity: 'P1',
      status: 'investigating',
      services: ['checkout-api'],
      createdAt: '2026-11-29T09:50:00Z',
      version: 1,
    },
    timers: [
      { kind: 'respond', label: 'Respond by', due: '2026-11-29T10:00:03Z', state: 'warning' },
      { kind: 'resolve', label: 'Resolve by', due: '2026-11-29T11:50:00Z', state: 'ok' },
      { kind: 'postmortem', label: 'Post-mortem due', state: 'stopped' },
    ],
    currentTier: { after: '0s', who: 'On-call engineer' },
    ...overrides,
  };
}

function answer(items: ActiveIncidentTimers[], total = items.length): ActiveTimers {
  return { now: new Date(NOW).toISOString(), items, total };
}

async function renderPanel(p = props()) {
  const result = render(
    <MemoryRouter future={{ v7_startTransition: true, v7_relativeSplatPath: true }}>
      <TimersPanel {...p} />
    </MemoryRouter>
  );
  await act(() => Promise.resolve());
  return result;
}

beforeEach(() => {
  jest.useFakeTimers({ now: NOW });
  jest.mocked(listActiveTimers).mockReset();
});

afterEach(() => {
  jest.useRealTimers();
});

it('asks for the dashboard variable’s services, the severities and the row limit', async () => {
  jest.mocked(listActiveTimers).mockResolvedValue(answer([]));
  await renderPanel(props({ services: '$service, billing', severities: ['P1', 'P2'], maxRows: 500 }));

  expect(listActiveTimers).toHaveBeenCalledWith({
    services: ['checkout-api', 'search', 'billing'],
    severities: ['P1', 'P2'],
    limit: 100,
  });
});

it('drops a variable the dashboard does not define instead of sending it as a service', async () => {
  jest.mocked(listActiveTimers).mockResolvedValue(answer([]));
  await renderPanel(props({ services: '$team' }));

  expect(listActiveTimers).toHaveBeenCalledWith({ services: [], severities: [], limit: 10 });
  expect(screen.getByText('No active incidents.')).toBeInTheDocument();
});

it('shows loading, then says there is nothing for these services', async () => {
  let resolve: (a: ActiveTimers) => void = () => {};
  jest.mocked(listActiveTimers).mockReturnValue(new Promise((r) => (resolve = r)));
  await renderPanel();
  expect(screen.getByText('Loading incident timers…')).toBeInTheDocument();

  await act(async () => resolve(answer([])));
  expect(screen.getByText('No active incidents for checkout-api, search.')).toBeInTheDocument();
});

it('shows the error the back end gave', async () => {
  jest
    .mocked(listActiveTimers)
    .mockRejectedValue(new ApiError(400, 'invalid_request', 'the timers query is not valid'));
  await renderPanel();

  expect(screen.getByText('Could not load incident timers')).toBeInTheDocument();
  expect(screen.getByText('the timers query is not valid')).toBeInTheDocument();
});

it('lists incidents with links to their pages and running countdowns that turn breached', async () => {
  jest.mocked(listActiveTimers).mockResolvedValue(answer([anItem('INC-2026-11-29-001')], 3));
  await renderPanel();

  const row = screen.getByRole('listitem', { name: 'INC-2026-11-29-001 Checkout 502s' });
  expect(within(row).getByRole('link', { name: 'Checkout 502s' })).toHaveAttribute(
    'href',
    '/a/warroom-incident-app/incidents/INC-2026-11-29-001'
  );
  expect(within(row).getByRole('listitem', { name: 'Respond by' })).toHaveTextContent('Due soon3s left');
  expect(within(row).getByRole('listitem', { name: 'Resolve by' })).toHaveTextContent('On track1h 50m left');
  // A stopped timer is not a countdown.
  expect(within(row).queryByRole('listitem', { name: 'Post-mortem due' })).not.toBeInTheDocument();
  expect(screen.getByText('Showing the 1 most urgent of 3 active incidents.')).toBeInTheDocument();

  act(() => jest.advanceTimersByTime(4000));
  const respond = within(row).getByRole('listitem', { name: 'Respond by' });
  expect(respond).toHaveTextContent('Breachedoverdue by 1s');
  expect(within(respond).getByText('Breached').parentElement).toHaveAttribute('data-state', 'breached');
});

it('shows timers due at the same moment as one card, and each state word once', async () => {
  const item = anItem('INC-2026-11-29-001', {
    timers: [
      { kind: 'respond', label: 'Respond by', due: '2026-11-29T09:59:00Z', state: 'breached' },
      { kind: 'update', label: 'Next update due', due: '2026-11-29T09:59:00Z', state: 'breached' },
      { kind: 'resolve', label: 'Resolve by', due: '2026-11-29T11:50:00Z', state: 'ok' },
    ],
  });
  jest.mocked(listActiveTimers).mockResolvedValue(answer([item]));
  await renderPanel();

  const row = screen.getByRole('listitem', { name: 'INC-2026-11-29-001 Checkout 502s' });
  const merged = within(row).getByRole('listitem', { name: 'Respond by · Next update due' });
  expect(merged).toHaveAttribute('data-state', 'breached');
  expect(merged).toHaveTextContent('Respond by · Next update dueBreachedoverdue by 1m 00sdue');
  expect(within(merged).getAllByText('Breached')).toHaveLength(1);
  expect(within(row).getAllByRole('listitem')).toHaveLength(2);
});

it('refetches on its own so new incidents appear', async () => {
  jest.mocked(listActiveTimers).mockResolvedValue(answer([]));
  await renderPanel();
  expect(listActiveTimers).toHaveBeenCalledTimes(1);

  jest.mocked(listActiveTimers).mockResolvedValue(answer([anItem('INC-2026-11-29-002')]));
  await act(async () => {
    jest.advanceTimersByTime(15_000);
  });
  expect(listActiveTimers).toHaveBeenCalledTimes(2);
  expect(screen.getByRole('listitem', { name: 'INC-2026-11-29-002 Checkout 502s' })).toBeInTheDocument();
});
