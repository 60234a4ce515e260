import { screen, waitFor, within } from '@testing-library/react';

import { getIncident, updateIncident } from '../../../api/client';
import { ApiError } from '../../../api/errors';
import type { Incident } from '../../../api/types';
import { signedInAs } from '../../../testing/fakeApi';
import { anIncident } from '../../../testing/fixtures';
import { withSizedLayout } from '../../../testing/layout';
import { userWithFakeClock } from '../../../testing/user';
import { INCIDENT_ID, renderIncidentPage, setUpIncidentPage } from '../renderIncidentPage';

jest.mock('@grafana/runtime', () => require('../../../testing/runtime').runtimeMock());
jest.mock('../../../api/client', () => require('../../../testing/fakeApi').fakeApi());

const ID = INCIDENT_ID;
const ACKNOWLEDGED = { acknowledge: { at: '2026-11-29T08:05:00Z', by: 'editor' } };

let user: ReturnType<typeof userWithFakeClock>;

beforeEach(() => {
  user = setUpIncidentPage();
});

afterEach(() => jest.useRealTimers());

const incidentAt = (overrides: Partial<Incident>, steps = {}) => {
  const incident = anIncident({ version: 4, ...overrides });
  incident.details.steps = steps;
  jest.mocked(getIncident).mockResolvedValue(incident);
};

const pick = (control: 'Severity' | 'Status', option: string) =>
  withSizedLayout(async () => {
    await user.click(screen.getByRole('combobox', { name: control }));
    await user.click(await screen.findByRole('option', { name: new RegExp(`^${option}`) }));
  });

it('heads the page with the title, the id below it, and the facts to act on', async () => {
  await renderIncidentPage();

  expect(screen.getByRole('heading', { level: 1, name: 'Checkout API returns 502' })).toBeInTheDocument();
  expect(screen.getByText(ID)).toBeInTheDocument();
  expect(screen.getByText(/Open for 10m · declared .* by alice · checkout-api/)).toBeInTheDocument();
  expect(screen.getByRole('combobox', { name: 'Severity' })).toHaveValue('P2');
  expect(screen.getByRole('combobox', { name: 'Status' })).toHaveValue('Investigating');
  expect(screen.getByText(/^Commander:/)).toHaveTextContent('Commander: nobody yet');
  // The timers fixture: respond-by at 08:30 is the first to fall due, 20 minutes after 08:10.
  expect(await screen.findByRole('group', { name: 'Soonest deadline' })).toHaveTextContent(
    'Respond byOn track20m 00s left'
  );
});

it('changes the status only once the reason is asked, with the loaded version', async () => {
  await renderIncidentPage();

  await pick('Status', 'Monitoring');
  const dialog = screen.getByRole('dialog', { name: 'Change status to Monitoring' });
  expect(updateIncident).not.toHaveBeenCalled();
  await user.type(within(dialog).getByLabelText(/^Reason/), 'Rolled back the deploy{Enter}');

  expect(updateIncident).toHaveBeenCalledWith(ID, {
    version: 4,
    status: 'monitoring',
    reason: 'Rolled back the deploy',
  });
  await waitFor(() => expect(screen.queryByRole('dialog')).not.toBeInTheDocument());
});

it('shows each level’s meaning from the policy, and Escape cancels a change', async () => {
  await renderIncidentPage();

  await pick('Severity', 'P1');
  const dialog = screen.getByRole('dialog', { name: 'Change severity to P1' });
  expect(dialog).toHaveTextContent(/Full outage \(respond/);
  await user.keyboard('{Escape}');

  expect(screen.queryByRole('dialog')).not.toBeInTheDocument();
  expect(updateIncident).not.toHaveBeenCalled();
  expect(screen.getByRole('combobox', { name: 'Severity' })).toHaveValue('P2');

  // The reason is optional: the prompt's button saves without one.
  await pick('Severity', 'P1');
  await user.click(screen.getByRole('button', { name: 'Change severity' }));
  expect(updateIncident).toHaveBeenCalledWith(ID, { version: 4, severity: 'P1' });
});

it('on a conflict says someone else changed the incident and shows what they saved', async () => {
  jest
    .mocked(updateIncident)
    .mockRejectedValue(new ApiError(409, 'conflict', 'the incident changed since you loaded it'));
  await renderIncidentPage();
  jest.mocked(getIncident).mockResolvedValue(anIncident({ severity: 'P1', version: 5 }));

  await pick('Severity', 'P3');
  await user.click(screen.getByRole('button', { name: 'Change severity' }));

  expect(await screen.findByText('Someone else changed this incident — reloaded')).toBeInTheDocument();
  expect(screen.queryByRole('dialog')).not.toBeInTheDocument();
  expect(screen.getByRole('combobox', { name: 'Severity' })).toHaveValue('P1');
});

describe('one primary action that follows the lifecycle', () => {
  it('is Acknowledge until someone acknowledges', async () => {
    await renderIncidentPage();
    await user.click(screen.getByRole('button', { name: 'Acknowledge' }));
    expect(updateIncident).toHaveBeenCalledWith(ID, { version: 4, completeSteps: ['acknowledge'] });
    expect(screen.queryByRole('button', { name: 'Post update' })).not.toBeInTheDocument();
  });

  it('is Post update while investigating or identified: it opens the status-update drawer', async () => {
    incidentAt({ status: 'identified' }, ACKNOWLEDGED);
    await renderIncidentPage();
    expect(screen.queryByRole('button', { name: 'Acknowledge' })).not.toBeInTheDocument();
    expect(screen.queryByRole('button', { name: 'Resolve' })).not.toBeInTheDocument();

    await user.click(screen.getByRole('button', { name: 'Post update' }));

    const drawer = await screen.findByRole('dialog', { name: /Post a status update/ });
    expect(within(drawer).getByRole('form', { name: 'Compose status update' })).toBeInTheDocument();
  });

  it('is Resolve while monitoring, asking why; Post update stays beside it', async () => {
    incidentAt({ status: 'monitoring' }, ACKNOWLEDGED);
    await renderIncidentPage();
    expect(screen.getByRole('button', { name: 'Post update' })).toBeInTheDocument();

    await user.click(screen.getByRole('button', { name: 'Resolve' }));
    const dialog = screen.getByRole('dialog', { name: 'Resolve the incident' });
    await user.type(within(dialog).getByLabelText(/^Reason/), 'Error rate normal for 30 minutes');
    await user.click(within(dialog).getByRole('button', { name: 'Resolve' }));

    expect(updateIncident).toHaveBeenCalledWith(ID, {
      version: 4,
      status: 'resolved',
      reason: 'Error rate normal for 30 minutes',
    });
  });

  it('is the post-mortem once resolved, with the facts read-only', async () => {
    incidentAt({ status: 'resolved', resolvedAt: '2026-11-29T09:00:00Z' }, ACKNOWLEDGED);
    await renderIncidentPage();

    expect(screen.getByRole('link', { name: 'Post-mortem' })).toHaveAttribute(
      'href',
      `/a/warroom-incident-app/incidents/${ID}/postmortem`
    );
    expect(screen.queryByRole('combobox')).not.toBeInTheDocument();
    expect(screen.getByRole('group', { name: 'Status' })).toHaveTextContent('Resolved');
    expect(
      screen.queryByRole('button', { name: /Acknowledge|Post update|Resolve|Assign to me/ })
    ).not.toBeInTheDocument();
  });
});

it('assigns the commander role to the signed-in user', async () => {
  await renderIncidentPage();

  await user.click(screen.getByRole('button', { name: 'Assign to me' }));

  expect(updateIncident).toHaveBeenCalledWith(ID, { version: 4, roles: { responders: [], commander: 'editor' } });
});

it('shows viewers the same facts without controls', async () => {
  signedInAs('Viewer');
  incidentAt({}, {});
  jest
    .mocked(getIncident)
    .mockResolvedValue(
      anIncident({ version: 4, details: { ...anIncident().details, roles: { commander: 'alice', responders: [] } } })
    );
  await renderIncidentPage();

  expect(screen.getByRole('group', { name: 'Severity' })).toHaveTextContent('P2');
  expect(screen.getByRole('group', { name: 'Status' })).toHaveTextContent('Investigating');
  expect(screen.getByText(/^Commander:/)).toHaveTextContent('Commander: alice');
  expect(await screen.findByRole('group', { name: 'Soonest deadline' })).toHaveTextContent('Respond by');
  expect(screen.queryByRole('combobox')).not.toBeInTheDocument();
  expect(screen.queryByRole('button')).not.toBeInTheDocument();
});
