import React from 'react';
import { act, render, screen, within } from '@testing-library/react';

import { getDiagnostics, getDiagnosticsRun, getMe, runRemediation, startDiagnostics } from '../../../api/client';
import { ApiError } from '../../../api/errors';
import { aDiagnosticsState, aFinding, aRun, aSuggestion } from '../../../diagnostics/fixtures';
import { anIncident, me } from '../../../testing/fixtures';
import { userWithFakeClock } from '../../../testing/user';
import { DiagnosticsSection } from './DiagnosticsSection';
import { resetFakeApi } from '../../../testing/fakeApi';

jest.mock('../../../api/client', () => require('../../../testing/fakeApi').fakeApi());

const ID = 'INC-2026-11-29-001';

async function renderSection(onTimelineChanged = jest.fn(), incident = anIncident({ id: ID })) {
  render(<DiagnosticsSection incident={incident} onTimelineChanged={onTimelineChanged} />);
  await act(() => Promise.resolve());
  return screen.getByRole('region', { name: 'Diagnostics' });
}

let user: ReturnType<typeof userWithFakeClock>;

/** Unfolds a runbook card by its title. */
const openRunbook = (card: HTMLElement) =>
  user.click(within(card).getByRole('button', { name: /Database connection/ }));

beforeEach(() => {
  resetFakeApi();
  // The section polls a running run every second: on a fake clock only when a test advances it.
  user = userWithFakeClock();
  jest.mocked(getMe).mockResolvedValue(me('Editor'));
});

afterEach(() => jest.useRealTimers());

it('says when nothing has run yet, and when there is nothing to check', async () => {
  jest.mocked(getDiagnostics).mockResolvedValue(aDiagnosticsState());
  let section = await renderSection();
  expect(await within(section).findByText('No diagnostics have run for this incident yet.')).toBeInTheDocument();
  expect(within(section).getByRole('button', { name: 'Run diagnostics' })).toBeEnabled();

  jest
    .mocked(getDiagnostics)
    .mockResolvedValue(aDiagnosticsState({ available: false, reason: 'none of the services is catalogued' }));
  document.body.innerHTML = '';
  section = await renderSection();
  const hint = await within(section).findByRole('status');
  expect(hint).toHaveTextContent('Nothing to check');
  expect(hint).toHaveTextContent('None of the services is catalogued.');
  // An Editor cannot open the Services page: told whom to ask instead.
  expect(hint).toHaveTextContent('Ask a Grafana admin to add the services to Warroom’s service catalog.');
  expect(within(hint).queryByRole('link')).not.toBeInTheDocument();
  expect(within(section).queryByRole('button', { name: /Run diagnostics/ })).not.toBeInTheDocument();
});

it('shows a load error with a retry', async () => {
  jest.mocked(getDiagnostics).mockRejectedValueOnce(new ApiError(500, 'internal', 'internal error; request id abc'));
  const section = await renderSection();
  expect(await within(section).findByText(/internal error; request id abc/)).toBeInTheDocument();
  jest.mocked(getDiagnostics).mockResolvedValue(aDiagnosticsState());
  await user.click(within(section).getByRole('button', { name: 'Try again' }));
  expect(await within(section).findByText('No diagnostics have run for this incident yet.')).toBeInTheDocument();
});

it('hides the run button from Viewers', async () => {
  jest.mocked(getMe).mockResolvedValue(me('Viewer'));
  jest.mocked(getDiagnostics).mockResolvedValue(aDiagnosticsState({ run: aRun() }));
  const section = await renderSection();
  expect(await within(section).findByText('Target group health')).toBeInTheDocument();
  expect(within(section).queryByRole('button', { name: /Run diagnostics/ })).not.toBeInTheDocument();
  expect(within(section).queryByRole('button', { name: /^Run:/ })).not.toBeInTheDocument();
});

it('starts a run, shows progress and partial findings while polling, then the verdict', async () => {
  const onTimelineChanged = jest.fn();
  jest.mocked(getDiagnostics).mockResolvedValue(aDiagnosticsState());
  const running = aRun({ state: 'running', total: 2, done: 0, findings: [], suggestions: [], summary: undefined });
  jest.mocked(startDiagnostics).mockResolvedValue(running);
  jest
    .mocked(getDiagnosticsRun)
    .mockResolvedValueOnce({ ...running, done: 1, findings: [aFinding()] })
    .mockResolvedValueOnce(aRun());
  const section = await renderSection(onTimelineChanged);

  await user.click(await within(section).findByRole('button', { name: 'Run diagnostics' }));
  expect(startDiagnostics).toHaveBeenCalledWith(ID);
  expect(await within(section).findByRole('status')).toHaveTextContent('Running: 0 of 2 checks done');
  expect(within(section).getByRole('button', { name: 'Running diagnostics…' })).toBeDisabled();

  await act(() => jest.advanceTimersByTimeAsync(1000));
  expect(getDiagnosticsRun).toHaveBeenCalledWith(ID, 'diag-1');
  expect(within(section).getByRole('status')).toHaveTextContent('Running: 1 of 2 checks done');
  expect(within(section).getByText(/1 of 3 targets unhealthy in checkout-tg/)).toBeInTheDocument();
  expect(onTimelineChanged).not.toHaveBeenCalled();

  await act(() => jest.advanceTimersByTimeAsync(1000));
  expect(within(section).getByRole('status')).toHaveTextContent('Critical 2 checks: 1 critical, 1 check failed');
  expect(
    within(section).getByText(
      'Error: ECS DescribeServices was throttled by AWS (ThrottlingException: Rate exceeded) after 3 attempts'
    )
  ).toBeInTheDocument();
  expect(onTimelineChanged).toHaveBeenCalledTimes(1);
  // Finished: no more polling.
  await act(() => jest.advanceTimersByTimeAsync(3000));
  expect(getDiagnosticsRun).toHaveBeenCalledTimes(2);
});

it('folds each service’s findings to its worst status and counts, opening the one with the only critical finding', async () => {
  jest.mocked(getDiagnostics).mockResolvedValue(
    aDiagnosticsState({
      run: aRun({
        findings: [
          aFinding({
            service: 'payments',
            check: 'http.health',
            title: 'Health endpoint',
            status: 'ok',
            summary: 'answered 200 OK',
          }),
          aFinding(),
        ],
      }),
    })
  );
  const section = await renderSection();
  const checkout = await within(section).findByRole('group', { name: 'Findings of checkout' });
  // The run's only critical finding: open.
  expect(within(checkout).getByText('Target group health')).toBeInTheDocument();
  // The rest folded to a summary, opened on demand.
  const payments = screen.getByRole('group', { name: 'Findings of payments' });
  expect(payments).toHaveTextContent('OKpayments: 1 ok');
  expect(within(payments).queryByText('Health endpoint')).not.toBeInTheDocument();
  await user.click(within(payments).getByRole('button', { name: /payments: 1 ok/ }));
  expect(within(payments).getByText('answered 200 OK')).toBeInTheDocument();

  await user.click(within(checkout).getByText(/Evidence \(Targets of checkout-tg\)/));
  expect(within(checkout).getByRole('columnheader', { name: 'Reason' })).toBeInTheDocument();
  expect(within(checkout).getByRole('cell', { name: 'Target.InvalidState' })).toBeInTheDocument();
});

it('renders the suggested runbook with exact commands and copy buttons', async () => {
  jest.mocked(getDiagnostics).mockResolvedValue(aDiagnosticsState({ run: aRun() }));
  const section = await renderSection();
  const card = await within(section).findByRole('article', {
    name: 'Runbook: Database connection pool exhausted (checkout)',
  });
  // Folded to its title until opened.
  expect(within(card).queryByText('Errors: "too many connections"')).not.toBeInTheDocument();
  await openRunbook(card);
  expect(within(card).getByText('Errors: "too many connections"')).toBeInTheDocument();
  expect(within(card).getByText(/connections_ratio = 0.93/)).toBeInTheDocument();
  const command = 'aws ecs update-service --cluster prod --service checkout --force-new-deployment';
  expect(within(card).getByText(command)).toBeInTheDocument();

  const writeText = jest.fn().mockResolvedValue(undefined);
  Object.defineProperty(window, 'isSecureContext', { value: true, configurable: true });
  Object.defineProperty(navigator, 'clipboard', { value: { writeText }, configurable: true });
  await user.click(within(card).getByRole('button', { name: 'Copy command 1 of option 2' }));
  expect(writeText).toHaveBeenCalledWith(command);
});

it('lets Admins run an enabled remediation only after typing the resource name', async () => {
  jest.mocked(getMe).mockResolvedValue(me('Admin'));
  jest.mocked(getDiagnostics).mockResolvedValue(aDiagnosticsState({ run: aRun() }));
  jest.mocked(runRemediation).mockResolvedValue({
    ok: true,
    resource: 'orders',
    result: {
      action: 'terminate-idle-backends',
      service: 'checkout',
      summary: 'Terminated 4 backends idle for more than 10m0s on orders.',
      count: 4,
      started: '2026-11-19T10:30:00Z',
      took: 1_200_000_000,
    },
  });
  const onTimelineChanged = jest.fn();
  const section = await renderSection(onTimelineChanged);
  const card = await within(section).findByRole('article', { name: /Database connection pool exhausted/ });
  await openRunbook(card);
  // ECS force new deployment is not enabled for this service: no button.
  expect(within(card).getAllByRole('button', { name: /^Run:/ })).toHaveLength(1);
  await user.click(within(card).getByRole('button', { name: 'Run: Terminate idle PostgreSQL backends' }));

  const dialog = await screen.findByRole('dialog');
  const run = within(dialog).getByRole('button', { name: 'Run' });
  await user.type(within(dialog).getByRole('textbox', { name: 'Resource name to confirm' }), 'order');
  expect(run).toBeDisabled();
  await user.type(within(dialog).getByRole('textbox', { name: 'Resource name to confirm' }), 's');
  await user.click(run);
  expect(runRemediation).toHaveBeenCalledWith(ID, {
    action: 'terminate-idle-backends',
    service: 'checkout',
    confirm: 'orders',
  });
  expect(
    await within(dialog).findByText('Terminated 4 backends idle for more than 10m0s on orders.')
  ).toBeInTheDocument();
  expect(onTimelineChanged).toHaveBeenCalled();
});

it('shows why a remediation was refused', async () => {
  jest.mocked(getMe).mockResolvedValue(me('Admin'));
  jest.mocked(getDiagnostics).mockResolvedValue(aDiagnosticsState({ run: aRun({ suggestions: [aSuggestion()] }) }));
  jest
    .mocked(runRemediation)
    .mockRejectedValue(
      new ApiError(
        403,
        'remediation_disabled',
        'the remediation terminate-idle-backends is disabled; an admin can enable it'
      )
    );
  const section = await renderSection();
  await openRunbook(await within(section).findByRole('article', { name: /Database connection pool exhausted/ }));
  await user.click(within(section).getByRole('button', { name: 'Run: Terminate idle PostgreSQL backends' }));
  const dialog = await screen.findByRole('dialog');
  await user.type(within(dialog).getByRole('textbox', { name: 'Resource name to confirm' }), 'orders');
  await user.click(within(dialog).getByRole('button', { name: 'Run' }));
  expect(await within(dialog).findByText(/is disabled; an admin can enable it/)).toBeInTheDocument();
});
