import { screen, waitFor, within } from '@testing-library/react';

import { addNote, getIncident, getIncidentMetrics, getIncidentTimers, listEvents } from '../../api/client';
import { anEvent } from '../../testing/fixtures';
import { userWithFakeClock } from '../../testing/user';
import { signedInAs } from '../../testing/fakeApi';
import { INCIDENT_ID, renderIncidentPage, setUpIncidentPage } from './renderIncidentPage';

jest.mock('@grafana/runtime', () => require('../../testing/runtime').runtimeMock());
jest.mock('../../api/client', () => require('../../testing/fakeApi').fakeApi());

const ID = INCIDENT_ID;
const renderIncident = renderIncidentPage;

let user: ReturnType<typeof userWithFakeClock>;

beforeEach(() => {
  user = setUpIncidentPage();
  jest.mocked(listEvents).mockResolvedValue({
    items: [
      anEvent(),
      anEvent({ seq: 2, kind: 'note', author: 'bob', payload: { text: 'Error rate is 12% on eu-west' } }),
    ],
  });
});

afterEach(() => jest.useRealTimers());

it('shows the incident and its timeline', async () => {
  await renderIncident();

  expect(getIncident).toHaveBeenCalledWith(ID);
  expect(screen.getByRole('heading', { level: 1, name: 'Checkout API returns 502' })).toBeInTheDocument();
  // Posting an update is the command bar's drawer, not a form at the end of the page.
  expect(screen.queryByRole('form', { name: 'Compose status update' })).not.toBeInTheDocument();
  const timeline = screen.getByRole('list', { name: 'Timeline' });
  expect(within(timeline).getByText(/declared the incident as P2 affecting checkout-api/)).toBeInTheDocument();
  expect(within(timeline).getByText('Error rate is 12% on eu-west')).toBeInTheDocument();
});

it('counts the incident’s timers down beside the graphs, by the server’s clock', async () => {
  // This browser's clock runs 50 minutes ahead of the server's 08:10.
  jest.setSystemTime(Date.parse('2026-11-29T09:00:00Z'));
  await renderIncident();

  expect(getIncidentTimers).toHaveBeenCalledWith(ID);
  const timers = await screen.findByRole('region', { name: 'Timers' });
  // The server said 08:10 with respond-by due 08:30: 20 minutes left whatever this machine's clock says.
  expect(within(timers).getByRole('listitem', { name: 'Respond by' })).toHaveTextContent('On track20m 00s left');
  expect(within(timers).getByRole('listitem', { name: 'Resolve by' })).toHaveTextContent('On track7h 50m left');
  expect(within(timers).getByText('Engaged now: On-call engineer')).toBeInTheDocument();
});

it('graphs the error rate and p99 latency of the incident’s services', async () => {
  await renderIncident();

  expect(getIncidentMetrics).toHaveBeenCalledWith(ID);
  const metrics = screen.getByRole('region', { name: 'Metrics' });
  expect(within(metrics).getByRole('heading', { name: 'checkout-api' })).toBeInTheDocument();
  expect(within(metrics).getByRole('figure', { name: 'Error rate' })).toBeInTheDocument();
  expect(within(metrics).getByRole('figure', { name: 'p99 latency' })).toBeInTheDocument();
});

it('shows on the timeline what the metrics suggested at declaration and since, and the alerts', async () => {
  jest.mocked(listEvents).mockResolvedValue({
    items: [
      anEvent({
        payload: {
          severity: 'P3',
          services: ['checkout-api'],
          suggested: 'P2',
          evidence: ['checkout-api: error rate 7.2% above 5% for 8m'],
        },
      }),
      anEvent({
        seq: 2,
        kind: 'alert_firing',
        author: 'grafana-alerting',
        payload: { alertname: 'CheckoutErrors', summary: 'Checkout 5xx above 5%' },
      }),
      anEvent({
        seq: 3,
        kind: 'severity_suggested',
        author: 'warroom',
        payload: {
          current: 'P3',
          suggested: 'P1',
          direction: 'upgrade',
          applied: true,
          reasons: ['checkout-api: error rate 21% above 5% for 12m', 'payments: p99 latency 2.4 s above 800 ms for 6m'],
        },
      }),
    ],
  });
  await renderIncident();

  const timeline = screen.getByRole('list', { name: 'Timeline' });
  // Newest first.
  const [suggested, firing, declared] = within(timeline).getAllByRole('listitem');
  expect(declared).toHaveTextContent(
    'declared the incident as P3 affecting checkout-api (metrics suggested P2)checkout-api: error rate 7.2% above 5% for 8m'
  );
  expect(firing).toHaveTextContent('alert CheckoutErrors firing: Checkout 5xx above 5%');
  expect(suggested).toHaveTextContent('metrics suggest an upgrade from P3 to P1 (applied by policy)');
  // Each reason on its own line.
  expect(within(suggested).getByText(/error rate 21%/).textContent).toBe(
    'checkout-api: error rate 21% above 5% for 12m\npayments: p99 latency 2.4 s above 800 ms for 6m'
  );
});

it('shows viewers no edit controls', async () => {
  signedInAs('Viewer');
  await renderIncident();

  expect(screen.getByText('Error rate is 12% on eu-west')).toBeInTheDocument();
  expect(screen.queryByRole('form', { name: 'Add note' })).not.toBeInTheDocument();
  expect(screen.queryByRole('combobox')).not.toBeInTheDocument();
  expect(screen.queryByRole('button')).not.toBeInTheDocument();
  expect(screen.queryByRole('textbox')).not.toBeInTheDocument();
  expect(screen.queryByRole('checkbox')).not.toBeInTheDocument();
  expect(screen.queryByRole('switch')).not.toBeInTheDocument();
  // They still read the response: steps, checklist, roles, and the way to the post-mortem.
  expect(screen.getByRole('region', { name: 'Response steps' })).toHaveTextContent('AcknowledgeNot done');
  expect(screen.getByRole('region', { name: 'Initial checklist' })).toHaveTextContent('Create incident ticket');
  expect(screen.getByRole('link', { name: 'Post-mortem' })).toHaveAttribute(
    'href',
    `/a/warroom-incident-app/incidents/${ID}/postmortem`
  );
});

it('lets editors post a note to the timeline', async () => {
  jest.mocked(addNote).mockResolvedValue(anEvent({ seq: 3, kind: 'note', payload: { text: 'Rolling back' } }));
  await renderIncident();

  const { items } = await listEvents(ID);
  jest.mocked(listEvents).mockResolvedValue({
    items: [...items, anEvent({ seq: 3, kind: 'note', payload: { text: 'Rolling back' } })],
  });

  await user.type(screen.getByLabelText(/^Add a note/), 'Rolling back');
  await user.click(screen.getByRole('button', { name: 'Post note' }));

  expect(addNote).toHaveBeenCalledTimes(1);
  expect(addNote).toHaveBeenCalledWith(ID, { text: 'Rolling back' });
  // The timeline reloads with the note, and the field is empty for the next one.
  const timeline = screen.getByRole('list', { name: 'Timeline' });
  expect(await within(timeline).findByText('Rolling back')).toBeInTheDocument();
  await waitFor(() => expect(screen.getByLabelText(/^Add a note/)).toHaveValue(''));
});
