import React from 'react';
import { act, render, screen } from '@testing-library/react';

import { getIncidentTimers } from '../../../api/client';
import type { Timer } from '../../../api/types';
import { anIncident, anIncidentTimers } from '../../../testing/fixtures';
import { BreachedAlert } from './BreachedAlert';
import { TimersSection } from './TimersSection';

jest.mock('../../../api/client', () => require('../../../testing/fakeApi').fakeApi());

const ID = 'INC-2026-11-29-001';
// The fixture's server clock reads 08:10; respond-by is due 08:30.
const SERVER_NOW = Date.parse('2026-11-29T08:10:00Z');

beforeEach(() => {
  jest.mocked(getIncidentTimers).mockReset();
});

afterEach(() => {
  jest.useRealTimers();
});

/** The alert alone, over these timers as the server reads them at `now` (the browser's clock agrees). */
async function renderAlert(now: string, timers: Timer[]) {
  jest.useFakeTimers({ now: Date.parse(now) });
  jest.mocked(getIncidentTimers).mockResolvedValue(anIncidentTimers({ now, timers }));
  render(<BreachedAlert incident={anIncident({ id: ID })} lastSeq={0} />);
  await act(() => Promise.resolve());
}

it('raises a page alert when a deadline passes while the page is open, by the server’s clock', async () => {
  // The browser's clock is 5 minutes behind the server's.
  jest.useFakeTimers({ now: SERVER_NOW - 5 * 60_000 });
  jest.mocked(getIncidentTimers).mockResolvedValue(anIncidentTimers());
  const incident = anIncident({ id: ID });
  render(
    <>
      <BreachedAlert incident={incident} lastSeq={2} />
      <TimersSection incident={incident} lastSeq={2} />
    </>
  );
  await act(() => Promise.resolve());
  expect(screen.queryByRole('alert')).not.toBeInTheDocument();

  act(() => jest.advanceTimersByTime(20 * 60_000 - 1000));
  expect(screen.queryByRole('alert')).not.toBeInTheDocument();

  act(() => jest.advanceTimersByTime(1000));
  expect(screen.getByRole('alert')).toHaveTextContent('Respond by breached just now — escalate or acknowledge');

  act(() => jest.advanceTimersByTime(6 * 60_000));
  expect(screen.getByRole('alert')).toHaveTextContent('Respond by breached 6m ago — escalate or acknowledge');
  // One fetch serves the alert and the Timers section.
  expect(getIncidentTimers).toHaveBeenCalledTimes(1);
});

it('lists every breached deadline, merging those due at the same moment', async () => {
  await renderAlert('2026-11-29T08:40:00Z', [
    { kind: 'respond', label: 'Respond by', due: '2026-11-29T08:30:00Z', state: 'breached' },
    { kind: 'update', label: 'Next update due', due: '2026-11-29T08:30:00Z', state: 'breached' },
    { kind: 'escalation', label: 'Next escalation: Lead', who: 'Lead', due: '2026-11-29T08:38:00Z', state: 'breached' },
    { kind: 'resolve', label: 'Resolve by', due: '2026-11-29T16:00:00Z', state: 'ok' },
  ]);

  const alert = screen.getByRole('alert');
  expect(alert).toHaveTextContent('2 deadlines breached — escalate or acknowledge');
  expect(screen.getAllByRole('listitem').map((li) => li.textContent)).toEqual([
    'Respond by · Next update due breached 10m ago',
    'Next escalation: Lead breached 2m ago',
  ]);
});

it('shows nothing while every timer is on track or finished', async () => {
  await renderAlert('2026-11-29T08:10:00Z', [
    {
      kind: 'respond',
      label: 'Respond by',
      due: '2026-11-29T08:05:00Z',
      state: 'met',
      detail: 'acknowledged 5m early',
    },
    { kind: 'escalation', label: 'Escalated to VP', due: '2026-11-29T08:00:00Z', state: 'breached' },
  ]);
  expect(screen.queryByRole('alert')).not.toBeInTheDocument();
});
