import React from 'react';
import { act, render, screen, within } from '@testing-library/react';

import { getIncidentOnCall } from '../../../api/client';
import type { IncidentOnCall } from '../../../api/types';
import { resetFakeApi } from '../../../testing/fakeApi';
import { anIncident } from '../../../testing/fixtures';
import { OnCallSection } from './OnCallSection';

jest.mock('../../../api/client', () => require('../../../testing/fakeApi').fakeApi());

function onCallAnswer(overrides: Partial<IncidentOnCall> = {}): IncidentOnCall {
  return {
    severity: 'P1',
    acknowledged: null,
    tiers: [
      {
        index: 0,
        after: '0s',
        who: 'Primary on call',
        reached: true,
        targets: [
          {
            target: { kind: 'schedule', id: 'primary' },
            label: 'Primary',
            people: ['alice'],
            next: { user: 'carol', start: '2026-11-30T09:00:00Z', end: '2026-12-07T09:00:00Z', layer: 0 },
          },
          { target: { kind: 'user', id: 'bob' }, label: 'Bob', people: ['bob'] },
        ],
      },
      {
        index: 1,
        after: '15m',
        who: '',
        reached: false,
        targets: [
          {
            target: { kind: 'schedule', id: 'secondary' },
            label: 'Secondary',
            people: [],
            problem: 'nobody is on call in schedule secondary',
          },
        ],
      },
      { index: 2, after: '1h', who: 'Engineering director', reached: false, targets: [] },
    ],
    ...overrides,
  };
}

async function renderSection(lastSeq: number | undefined) {
  const view = render(<OnCallSection incident={anIncident()} lastSeq={lastSeq} />);
  await act(() => Promise.resolve());
  return view;
}

const tier = (n: number) =>
  within(screen.getByRole('list', { name: 'Escalation tiers' })).getByRole('listitem', {
    name: `Tier ${n}`,
  });

beforeEach(() => {
  resetFakeApi();
  jest.mocked(getIncidentOnCall).mockResolvedValue(onCallAnswer());
});

it('shows each tier with the people its targets reach now, or why they reach nobody', async () => {
  await renderSection(4);

  expect(getIncidentOnCall).toHaveBeenCalledWith(anIncident().id);
  expect(tier(1)).toHaveTextContent('Tier 1after 0sreached');
  expect(tier(1)).toHaveTextContent('Primary on call');
  expect(tier(1)).toHaveTextContent('Primary → alice');
  expect(tier(1)).toHaveTextContent(/next carol from/);
  expect(tier(1)).toHaveTextContent('Bob → bob');
  expect(tier(2)).toHaveTextContent('not reached yet');
  expect(tier(2)).toHaveTextContent('Secondary — nobody is on call in schedule secondary');
  expect(tier(3)).toHaveTextContent('Engineering director');
  expect(tier(3)).toHaveTextContent('a note for responders');
  expect(screen.queryByText(/paging stopped/)).not.toBeInTheDocument();
});

it('says who acknowledged and that paging stopped', async () => {
  jest
    .mocked(getIncidentOnCall)
    .mockResolvedValue(onCallAnswer({ acknowledged: { by: 'alice', at: '2026-11-29T08:12:00Z' } }));
  await renderSection(4);

  expect(screen.getByRole('region', { name: 'On call' })).toHaveTextContent(
    'Acknowledged by alice at 2026-11-29 08:12:00 — paging stopped'
  );
});

it('asks again when the timeline moves (an acknowledgement adds an event, not a version)', async () => {
  const view = await renderSection(4);
  view.rerender(<OnCallSection incident={anIncident()} lastSeq={5} />);
  await act(() => Promise.resolve());
  expect(getIncidentOnCall).toHaveBeenCalledTimes(2);
});

it('waits for the timeline before asking, and says when it cannot be read', async () => {
  jest.mocked(getIncidentOnCall).mockRejectedValue(new Error('boom'));
  const view = await renderSection(undefined);
  expect(getIncidentOnCall).not.toHaveBeenCalled();
  view.rerender(<OnCallSection incident={anIncident()} lastSeq={1} />);
  await act(() => Promise.resolve());
  expect(await screen.findByText('On call unavailable')).toBeInTheDocument();
});
