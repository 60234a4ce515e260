import React from 'react';
import { act, render, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';

import { getSchedulerStatus } from '../../../api/client';
import { ApiError } from '../../../api/errors';
import type { SchedulerStatus } from '../../../api/types';
import { resetFakeApi } from '../../../testing/fakeApi';
import { SchedulerStatusLine } from './SchedulerStatusLine';

jest.mock('../../../api/client', () => require('../../../testing/fakeApi').fakeApi());

const status = (s: Partial<SchedulerStatus>): SchedulerStatus => ({
  state: 'ok',
  lastTick: '2026-12-05T02:55:00Z',
  ageSeconds: 4,
  message: 'scheduler: last tick 4 s ago',
  now: '2026-12-05T02:55:04Z',
  ...s,
});

async function shown() {
  render(<SchedulerStatusLine />);
  await act(() => Promise.resolve());
  return screen.getByRole('status', { name: 'Scheduler status' });
}

beforeEach(resetFakeApi);

it('shows when the scheduler last ticked and refreshes on demand', async () => {
  jest.mocked(getSchedulerStatus).mockResolvedValue(status({}));
  expect(await shown()).toHaveTextContent('Scheduler: last tick 4 s ago');

  jest.mocked(getSchedulerStatus).mockResolvedValue(status({ ageSeconds: 1 }));
  await userEvent.click(screen.getByRole('button', { name: 'Refresh' }));
  expect(screen.getByRole('status', { name: 'Scheduler status' })).toHaveTextContent('Scheduler: last tick 1 s ago');
  expect(getSchedulerStatus).toHaveBeenCalledTimes(2);
});

it('warns when the scheduler is stale', async () => {
  jest.mocked(getSchedulerStatus).mockResolvedValue(status({ state: 'stale', ageSeconds: 95 }));
  const line = await shown();
  expect(line).toHaveTextContent('Scheduler is not ticking');
  expect(line).toHaveTextContent('last tick 95 s ago — stale');
});

it('says when the scheduler is off in this process or not started yet', async () => {
  jest.mocked(getSchedulerStatus).mockResolvedValue(status({ state: 'off', lastTick: undefined, ageSeconds: 0 }));
  expect(await shown()).toHaveTextContent('Scheduler: off in this back-end process (scheduler = off in grafana.ini)');
});

it('reports a status it could not read without breaking the page', async () => {
  jest.mocked(getSchedulerStatus).mockRejectedValue(new ApiError(503, 'unreachable', 'Plugin unavailable'));
  expect(await shown()).toHaveTextContent('Scheduler: status unavailable (Plugin unavailable)');
});
