import { screen, waitFor, within } from '@testing-library/react';

import { getIncident, updateIncident } from '../../../api/client';
import type { Incident } from '../../../api/types';
import { signedInAs } from '../../../testing/fakeApi';
import { anIncident } from '../../../testing/fixtures';
import { userWithFakeClock } from '../../../testing/user';
import { INCIDENT_ID, renderIncidentPage, setUpIncidentPage } from '../renderIncidentPage';

jest.mock('@grafana/runtime', () => require('../../../testing/runtime').runtimeMock());
jest.mock('../../../api/client', () => require('../../../testing/fakeApi').fakeApi());

let user: ReturnType<typeof userWithFakeClock>;

beforeEach(() => {
  user = setUpIncidentPage();
});

afterEach(() => jest.useRealTimers());

const withImpact = (impact: Incident['details']['impact']) => {
  const incident = anIncident({ version: 4 });
  incident.details.impact = impact;
  jest.mocked(getIncident).mockResolvedValue(incident);
};

const line = () => screen.getByRole('group', { name: 'Impact start' });

it('says when the impact started and what grounds it', async () => {
  withImpact({ start: '2026-11-29T07:40:00Z', from: 'metrics', detected: '2026-11-29T07:52:00Z' });
  await renderIncidentPage();
  expect(line()).toHaveTextContent('Impact started 07:40 (from metrics) · detected 07:52');
});

it('reads an incident declared before impact was recorded as starting when declared', async () => {
  await renderIncidentPage();
  expect(line()).toHaveTextContent('Impact started 08:00 (when declared)');
});

it('shows the date when the impact began on an earlier day', async () => {
  withImpact({ start: '2026-11-28T23:10:00Z', from: 'alert' });
  await renderIncidentPage();
  expect(line()).toHaveTextContent('Impact started 2026-11-28 23:10 (from the alert)');
});

it('lets an Editor move the impact start, and only with a reason', async () => {
  withImpact({ start: '2026-11-29T07:40:00Z', from: 'metrics' });
  await renderIncidentPage();

  await user.click(screen.getByRole('button', { name: 'Edit impact start' }));
  const dialog = screen.getByRole('dialog', { name: 'Edit impact start' });
  const start = within(dialog).getByLabelText(/^Impact start/);
  expect(start).toHaveValue('2026-11-29T07:40');
  await user.clear(start);
  await user.type(start, '2026-11-29T07:25');
  await user.click(within(dialog).getByRole('button', { name: 'Change impact start' }));
  expect(within(dialog).getByText('Say why the impact started at another time')).toBeInTheDocument();
  expect(updateIncident).not.toHaveBeenCalled();

  await user.type(within(dialog).getByLabelText(/^Reason/), 'Errors began with the 07:25 deploy{Enter}');

  expect(updateIncident).toHaveBeenCalledWith(INCIDENT_ID, {
    version: 4,
    impactStart: '2026-11-29T07:25:00.000Z',
    reason: 'Errors began with the 07:25 deploy',
  });
  await waitFor(() => expect(screen.queryByRole('dialog')).not.toBeInTheDocument());
});

it('offers Viewers no edit', async () => {
  signedInAs('Viewer');
  await renderIncidentPage();
  expect(line()).toBeInTheDocument();
  expect(screen.queryByRole('button', { name: 'Edit impact start' })).not.toBeInTheDocument();
});

it('offers the earlier start a metrics re-evaluation saw, applied only by an Editor with a reason', async () => {
  withImpact({ start: '2026-11-29T08:00:00Z', from: 'declared', proposed: '2026-11-29T07:35:00Z' });
  await renderIncidentPage();
  expect(screen.getByText(/Metrics show the impact started at/)).toHaveTextContent('Metrics show the impact started at 07:35');

  await user.click(screen.getByRole('button', { name: 'Use this time' }));
  const dialog = screen.getByRole('dialog', { name: 'Edit impact start' });
  expect(within(dialog).getByLabelText(/^Impact start/)).toHaveValue('2026-11-29T07:35');
  await user.click(within(dialog).getByRole('button', { name: 'Change impact start' }));

  expect(updateIncident).toHaveBeenCalledWith(INCIDENT_ID, {
    version: 4,
    impactStart: '2026-11-29T07:35:00.000Z',
    reason: 'The metrics re-evaluation saw the breach begin at 07:35',
  });
});

it('shows Viewers the proposed start without a way to apply it', async () => {
  signedInAs('Viewer');
  withImpact({ start: '2026-11-29T08:00:00Z', from: 'declared', proposed: '2026-11-29T07:35:00Z' });
  await renderIncidentPage();
  expect(screen.getByText(/Metrics show the impact started at/)).toBeInTheDocument();
  expect(screen.queryByRole('button', { name: 'Use this time' })).not.toBeInTheDocument();
});
