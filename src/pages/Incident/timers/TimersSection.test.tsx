import React from 'react';
import { act, render, screen, within } from '@testing-library/react';

import { getIncidentTimers } from '../../../api/client';
import type { IncidentTimers } from '../../../api/types';
import { anIncident } from '../../../testing/fixtures';
import { TimersSection } from './TimersSection';

jest.mock('../../../api/client', () => require('../../../testing/fakeApi').fakeApi());

const ID = 'INC-2026-11-29-001';
const NOW = Date.parse('2026-11-29T10:00:00Z');

function timersAnswer(overrides: Partial<IncidentTimers> = {}): IncidentTimers {
  return {
    now: new Date(NOW).toISOString(),
    incidentId: ID,
    version: 1,
    policyVersion: 1,
    currentTier: { after: '0s', who: 'On-call engineer' },
    timers: [
      { kind: 'respond', label: 'Respond by', due: '2026-11-29T10:00:05Z', state: 'warning' },
      { kind: 'update', label: 'Next update due', due: '2026-11-29T10:30:00Z', state: 'ok' },
      {
        kind: 'escalation',
        label: 'Next escalation: Senior engineer',
        who: 'Senior engineer',
        due: '2026-11-29T10:15:00Z',
        state: 'ok',
      },
      { kind: 'resolve', label: 'Resolve by', due: '2026-11-29T18:00:00Z', state: 'ok' },
    ],
    nextChange: '2026-11-29T10:00:05Z',
    ...overrides,
  };
}

const row = (label: string) =>
  within(screen.getByRole('region', { name: 'Timers' })).getByRole('listitem', { name: label });

beforeEach(() => {
  jest.useFakeTimers({ now: NOW });
  jest.mocked(getIncidentTimers).mockReset();
});

afterEach(() => {
  jest.useRealTimers();
});

it('ticks every second and turns breached at the deadline without re-rendering the section', async () => {
  jest.mocked(getIncidentTimers).mockResolvedValue(timersAnswer({ nextChange: undefined }));
  // Calling the section as a function gives this wrapper its hooks: it renders
  // exactly when the section would, so the counter sees any re-render of it.
  let sectionRenders = 0;
  function CountedSection(props: React.ComponentProps<typeof TimersSection>) {
    sectionRenders++;
    return TimersSection(props);
  }
  render(<CountedSection incident={anIncident({ id: ID })} lastSeq={1} />);
  await act(() => Promise.resolve());

  expect(row('Respond by')).toHaveTextContent('Due soon5s left');
  expect(row('Next escalation: Senior engineer')).toHaveTextContent('15m 00s left');
  expect(screen.getByText('Engaged now: On-call engineer')).toBeInTheDocument();
  const rendersWhenLoaded = sectionRenders;

  act(() => jest.advanceTimersByTime(3000));
  expect(row('Respond by')).toHaveTextContent('Due soon2s left');
  expect(row('Next escalation: Senior engineer')).toHaveTextContent('14m 57s left');

  act(() => jest.advanceTimersByTime(3000));
  // The deadline passed on the client's clock: breached, before any refetch.
  expect(row('Respond by')).toHaveTextContent('Breachedoverdue by 1s');
  expect(within(row('Respond by')).getByText('Breached').parentElement).toHaveAttribute('data-state', 'breached');

  expect(sectionRenders).toBe(rendersWhenLoaded);
  expect(getIncidentTimers).toHaveBeenCalledTimes(1);
});

it('counts down by the server clock, not a wrong browser clock', async () => {
  // The browser is 10 minutes behind the server: the server's "now" is 10:10.
  jest
    .mocked(getIncidentTimers)
    .mockResolvedValue(timersAnswer({ now: '2026-11-29T10:10:00Z', nextChange: undefined }));
  render(<TimersSection incident={anIncident({ id: ID })} lastSeq={1} />);
  await act(() => Promise.resolve());

  expect(row('Next escalation: Senior engineer')).toHaveTextContent('5m 00s left');
  expect(row('Respond by')).toHaveTextContent('Breached');
});

it('refetches when the server said a state changes, and when the incident changes', async () => {
  jest.mocked(getIncidentTimers).mockResolvedValue(timersAnswer());
  const { rerender } = render(<TimersSection incident={anIncident({ id: ID, version: 1 })} lastSeq={1} />);
  await act(() => Promise.resolve());
  expect(getIncidentTimers).toHaveBeenCalledTimes(1);

  await act(async () => {
    jest.advanceTimersByTime(5300); // nextChange + a margin
  });
  expect(getIncidentTimers).toHaveBeenCalledTimes(2);

  rerender(<TimersSection incident={anIncident({ id: ID, version: 1 })} lastSeq={2} />);
  await act(() => Promise.resolve());
  expect(getIncidentTimers).toHaveBeenCalledTimes(3);
});

it('merges timers due at the same moment into one card, red with "Breached" once it is past', async () => {
  jest.mocked(getIncidentTimers).mockResolvedValue(
    timersAnswer({
      nextChange: undefined,
      timers: [
        { kind: 'respond', label: 'Respond by', due: '2026-11-29T10:00:05Z', state: 'warning' },
        { kind: 'update', label: 'Next update due', due: '2026-11-29T10:00:05Z', state: 'ok' },
        { kind: 'resolve', label: 'Resolve by', due: '2026-11-29T18:00:00Z', state: 'ok' },
      ],
    })
  );
  render(<TimersSection incident={anIncident({ id: ID })} lastSeq={1} />);
  await act(() => Promise.resolve());

  const merged = row('Respond by · Next update due');
  expect(merged).toHaveTextContent('Respond by · Next update dueDue soon5s left');
  expect(merged).toHaveAttribute('data-state', 'warning');
  expect(within(screen.getByRole('region', { name: 'Timers' })).getAllByRole('listitem')).toHaveLength(2);

  act(() => jest.advanceTimersByTime(6000));
  expect(merged).toHaveAttribute('data-state', 'breached');
  expect(merged).toHaveTextContent('Breachedoverdue by 1s');
  expect(row('Resolve by')).toHaveAttribute('data-state', 'ok');
});

it('says how a finished timer ended once, never "Stopped Stopped"', async () => {
  jest.mocked(getIncidentTimers).mockResolvedValue(
    timersAnswer({
      nextChange: undefined,
      timers: [
        {
          kind: 'respond',
          label: 'Respond by',
          due: '2026-11-29T09:55:00Z',
          state: 'met',
          detail: 'acknowledged 5m early',
        },
        { kind: 'update', label: 'Next update due', state: 'stopped' },
        { kind: 'escalation', label: 'Next escalation', state: 'stopped', detail: 'engaged: On-call engineer' },
      ],
    })
  );
  render(<TimersSection incident={anIncident({ id: ID })} lastSeq={1} />);
  await act(() => Promise.resolve());

  expect(row('Respond by')).toHaveTextContent(/^Respond byMetacknowledged 5m earlydue /);
  expect(row('Next update due')).toHaveTextContent(/^Next update dueStopped$/);
  expect(row('Next escalation')).toHaveTextContent(/^Next escalationStoppedengaged: On-call engineer$/);
});
