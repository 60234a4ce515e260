import { screen, within } from '@testing-library/react';

import { getIncident, getMe, listEvents, listPeople, listTemplates, updateIncident } from '../../../api/client';
import { ApiError } from '../../../api/errors';
import { anEvent, anIncident, me } from '../../../testing/fixtures';
import { withSizedLayout } from '../../../testing/layout';
import { userWithFakeClock } from '../../../testing/user';
import { setBootRole } from '../../../testing/runtime';
import { INCIDENT_ID, renderIncidentPage, setUpIncidentPage } from '../renderIncidentPage';

jest.mock('@grafana/runtime', () => require('../../../testing/runtime').runtimeMock());
jest.mock('../../../api/client', () => require('../../../testing/fakeApi').fakeApi());

const ID = INCIDENT_ID;
const renderIncident = renderIncidentPage;

let user: ReturnType<typeof userWithFakeClock>;

beforeEach(() => {
  user = setUpIncidentPage();
  jest.mocked(listPeople).mockResolvedValue({
    source: 'grafana',
    people: [
      { login: 'alice', name: 'Alice' },
      { login: 'bob', name: 'bob' },
    ],
  });
});

afterEach(() => jest.useRealTimers());

it('acknowledges from the command bar with the loaded version, then shows who did it', async () => {
  await renderIncident();
  const acknowledged = anIncident({ version: 5 });
  acknowledged.details.steps = { acknowledge: { at: '2026-11-29T08:05:00Z', by: 'editor' } };
  jest.mocked(getIncident).mockResolvedValue(acknowledged);
  jest.mocked(listEvents).mockResolvedValue({
    items: [anEvent(), anEvent({ seq: 2, kind: 'step_completed', author: 'editor', payload: { step: 'acknowledge' } })],
  });

  await user.click(screen.getByRole('button', { name: 'Acknowledge' }));

  // One change, made with the version the page loaded (whatever else refetches the incident).
  expect(updateIncident).toHaveBeenCalledTimes(1);
  expect(updateIncident).toHaveBeenCalledWith(ID, { version: 4, completeSteps: ['acknowledge'] });
  // The page reloads the incident and its timeline: who acknowledged, and the next action.
  expect(await screen.findByText(/^editor · /)).toBeInTheDocument();
  expect(screen.queryByRole('button', { name: 'Acknowledge' })).not.toBeInTheDocument();
  expect(screen.getByRole('button', { name: 'Post update' })).toBeInTheDocument();
  const timeline = screen.getByRole('list', { name: 'Timeline' });
  expect(await within(timeline).findByText(/completed the step Acknowledge/)).toBeInTheDocument();
});

it('marks any response step done from its row, but Acknowledge only from the command bar', async () => {
  await renderIncident();
  const steps = screen.getByRole('region', { name: 'Response steps' });
  const acknowledge = within(steps).getByText('Acknowledge').closest('li')!;
  expect(acknowledge).toHaveTextContent('Not done');
  expect(within(acknowledge).queryByRole('button')).not.toBeInTheDocument();
  const mitigate = within(steps).getByText('Mitigate').closest('li')!;

  await user.click(within(mitigate).getByRole('button', { name: 'Mark done' }));

  expect(updateIncident).toHaveBeenCalledWith(ID, { version: 4, completeSteps: ['mitigate'] });
});

it('ticks an item of the initial checklist', async () => {
  await renderIncident();
  await user.click(screen.getByRole('checkbox', { name: 'Create incident ticket' }));
  expect(updateIncident).toHaveBeenCalledWith(ID, { version: 4, checklist: { ticket: true } });
});

describe('roles and impact save field by field, with the loaded version', () => {
  const form = () => screen.getByRole('form', { name: 'Change roles and impact' });

  it('saves a role picked from Grafana users, and says Saved beside it', async () => {
    await renderIncident();

    await withSizedLayout(async () => {
      await user.click(within(form()).getByRole('combobox', { name: /^Incident commander/ }));
      await user.click(await screen.findByRole('option', { name: /^Alice \(alice\)/ }));
    });

    expect(updateIncident).toHaveBeenCalledTimes(1);
    expect(updateIncident).toHaveBeenCalledWith(ID, { version: 4, roles: { commander: 'alice', responders: [] } });
    expect(await within(form()).findByText('Saved')).toBeInTheDocument();
    expect(screen.queryByRole('button', { name: /^Save/ })).not.toBeInTheDocument();
  });

  it('saves a role typed for someone outside Grafana', async () => {
    await renderIncident();

    await withSizedLayout(async () => {
      await user.type(within(form()).getByRole('combobox', { name: /^Communications/ }), 'Vendor Val');
      await user.click(await screen.findByRole('option', { name: /^Vendor Val/ }));
    });

    expect(updateIncident).toHaveBeenCalledWith(ID, {
      version: 4,
      roles: { communications: 'Vendor Val', responders: [] },
    });
  });

  it('saves responders, customer reports and flags on selection', async () => {
    await renderIncident();

    await withSizedLayout(async () => {
      await user.click(within(form()).getByRole('combobox', { name: /^Responders/ }));
      await user.click(await screen.findByRole('option', { name: /^bob/ }));
    });
    expect(updateIncident).toHaveBeenLastCalledWith(ID, { version: 4, roles: { responders: ['bob'] } });

    await user.click(within(form()).getByRole('switch', { name: /^Security breach/ }));
    expect(updateIncident).toHaveBeenLastCalledWith(ID, {
      version: 4,
      flags: { dataIntegrityAtRisk: false, securityBreach: true },
    });

    const reports = within(form()).getByLabelText(/^Customer reports/);
    await user.clear(reports);
    await user.type(reports, '4{Enter}');
    expect(updateIncident).toHaveBeenLastCalledWith(ID, { version: 4, customerReports: 4 });
  });

  it('says beside the field why it was not saved', async () => {
    jest
      .mocked(updateIncident)
      .mockRejectedValue(
        new ApiError(400, 'invalid_request', 'the change is not valid', [
          { path: 'customerReports', message: 'must be at most 100000' },
        ])
      );
    await renderIncident();

    const reports = within(form()).getByLabelText(/^Customer reports/);
    await user.clear(reports);
    await user.type(reports, '999999');
    await user.tab();

    expect(await within(form()).findByRole('alert')).toHaveTextContent('Not saved: must be at most 100000');
  });

  it('refuses a count that is not a whole number before sending it', async () => {
    await renderIncident();

    const reports = within(form()).getByLabelText(/^Customer reports/);
    await user.clear(reports);
    await user.type(reports, '-1');
    await user.tab();

    expect(within(form()).getByRole('alert')).toHaveTextContent('Not saved: A whole number from 0');
    expect(updateIncident).not.toHaveBeenCalled();
  });
});

it('says when the incident was resolved meanwhile, and reloads it read-only', async () => {
  jest
    .mocked(updateIncident)
    .mockRejectedValue(new ApiError(409, 'incident_resolved', 'the incident is resolved; reopen it to change it'));
  await renderIncident();
  jest.mocked(getIncident).mockResolvedValue(anIncident({ status: 'resolved', version: 5 }));

  await user.click(screen.getByRole('checkbox', { name: 'Create incident ticket' }));

  expect(await screen.findByText('This incident was resolved — reloaded')).toBeInTheDocument();
  expect(screen.getByText('Resolved — read-only')).toBeInTheDocument();
  expect(screen.queryByRole('checkbox')).not.toBeInTheDocument();
});

describe('a resolved incident', () => {
  beforeEach(() => {
    jest
      .mocked(getIncident)
      .mockResolvedValue(anIncident({ status: 'resolved', resolvedAt: '2026-11-29T09:00:00Z', version: 9 }));
  });

  it('shows no edit controls but Reopen and the post-mortem link', async () => {
    await renderIncident();

    expect(screen.getByText('Resolved — read-only')).toBeInTheDocument();
    expect(screen.getAllByRole('button').map((b) => b.textContent)).toEqual(['Reopen']);
    expect(screen.queryByRole('textbox')).not.toBeInTheDocument();
    expect(screen.queryByRole('checkbox')).not.toBeInTheDocument();
    expect(screen.queryByRole('form')).not.toBeInTheDocument();
    expect(screen.getByRole('link', { name: 'Post-mortem' })).toBeInTheDocument();
    expect(listTemplates).not.toHaveBeenCalled();
  });

  it('reopens as Investigating with the reason asked for', async () => {
    await renderIncident();

    await user.click(screen.getByRole('button', { name: 'Reopen' }));
    const form = screen.getByRole('form', { name: 'Reopen incident' });
    await user.click(within(form).getByRole('button', { name: 'Reopen incident' }));
    expect(within(form).getByText('Say why it is reopened')).toBeInTheDocument();
    expect(updateIncident).not.toHaveBeenCalled();

    await user.type(within(form).getByLabelText(/^Why reopen it/), 'Errors are back');
    await user.click(within(form).getByRole('button', { name: 'Reopen incident' }));

    expect(updateIncident).toHaveBeenCalledWith(ID, { version: 9, status: 'investigating', reason: 'Errors are back' });
  });

  it('shows viewers the banner without Reopen', async () => {
    setBootRole('Viewer');
    jest.mocked(getMe).mockResolvedValue(me('Viewer'));
    await renderIncident();

    expect(screen.getByText('Resolved — read-only')).toBeInTheDocument();
    expect(screen.queryByRole('button')).not.toBeInTheDocument();
  });
});
