import { screen, waitFor, within } from '@testing-library/react';

import {
  getIncident,
  getIncidentMetrics,
  getMessage,
  listEvents,
  listTemplates,
  postStatusUpdate,
} from '../../../api/client';
import { ApiError } from '../../../api/errors';
import { anEvent, anIncident, anIncidentMetrics, aTemplate } from '../../../testing/fixtures';
import { fill, userWithFakeClock } from '../../../testing/user';
import { stubResizeObserver, withSizedLayout } from '../../../testing/layout';
import { INCIDENT_ID, renderIncidentPage, setUpIncidentPage } from '../renderIncidentPage';

jest.mock('@grafana/runtime', () => require('../../../testing/runtime').runtimeMock());
jest.mock('../../../api/client', () => require('../../../testing/fakeApi').fakeApi());

const ID = INCIDENT_ID;

/** The page of an acknowledged incident, with the status-update drawer its command bar opens. */
const renderIncident = async () => {
  await renderIncidentPage();
  await user.click(await screen.findByRole('button', { name: 'Post update' }));
  const drawer = await screen.findByRole('dialog', { name: /Post a status update/ });
  await within(drawer).findByRole('form', { name: 'Compose status update' });
};

const composer = () => screen.getByRole('form', { name: 'Compose status update' });

let user: ReturnType<typeof userWithFakeClock>;
let restoreResizeObserver: () => void;
// Each test renders the whole page and opens a Drawer: seconds of jsdom on a busy two-core machine.
jest.setTimeout(20_000);

beforeEach(() => {
  user = setUpIncidentPage();
  restoreResizeObserver = stubResizeObserver();
  const acknowledged = anIncident({ version: 4 });
  acknowledged.details.steps = { acknowledge: { at: '2026-11-29T08:05:00Z', by: 'editor' } };
  jest.mocked(getIncident).mockResolvedValue(acknowledged);
  // No graphs: withSizedLayout would let uPlot draw on jsdom's canvas, which cannot.
  jest.mocked(getIncidentMetrics).mockResolvedValue(anIncidentMetrics({ services: [] }));
  jest.mocked(listTemplates).mockResolvedValue({
    items: [aTemplate(), aTemplate({ id: 'customer-notice', name: 'Customer notification', audience: 'customers' })],
  });
  jest.mocked(getMessage).mockResolvedValue({
    templateId: 'status-investigating',
    subject: 'checkout-api - Investigating Issues',
    body: 'We are currently investigating reports of [symptoms].\nUpdate within 30m.',
    missing: ['impact', 'symptoms'],
  });
});

afterEach(() => {
  restoreResizeObserver();
  jest.useRealTimers();
});

it('previews the template of the current status, lets the author edit it, and posts the edited text', async () => {
  await renderIncident();
  await user.click(within(composer()).getByRole('button', { name: 'Preview' }));

  expect(getMessage).toHaveBeenCalledWith(ID, 'status-investigating');
  expect(await within(composer()).findByText('Fill in: impact, symptoms')).toBeInTheDocument();
  const subject = within(composer()).getByLabelText('Subject');
  const body = within(composer()).getByLabelText('Body');
  expect(subject).toHaveValue('checkout-api - Investigating Issues');

  await fill(user, subject, 'Checkout degraded');
  await fill(user, body, 'Some payments fail.\nNext update at 09:30.');
  jest.mocked(postStatusUpdate).mockResolvedValue(anEvent({ seq: 2, kind: 'status_update' }));
  jest.mocked(listEvents).mockResolvedValue({
    items: [
      anEvent(),
      anEvent({
        seq: 2,
        kind: 'status_update',
        author: 'editor',
        payload: {
          templateId: 'status-investigating',
          subject: 'Checkout degraded',
          body: 'Some payments fail.\nNext update at 09:30.',
        },
      }),
    ],
  });
  await user.click(within(composer()).getByRole('button', { name: 'Post update' }));

  expect(postStatusUpdate).toHaveBeenCalledWith(ID, {
    templateId: 'status-investigating',
    subject: 'Checkout degraded',
    body: 'Some payments fail.\nNext update at 09:30.',
  });
  const timeline = screen.getByRole('list', { name: 'Timeline' });
  expect(await within(timeline).findByText('posted a status update', { exact: false })).toBeInTheDocument();
  const subjectLine = within(timeline).getByText('Checkout degraded');
  expect(subjectLine.tagName).toBe('STRONG');
  // The body keeps its line breaks (rendered with white-space: pre-wrap).
  expect(subjectLine.parentElement).toHaveTextContent('Some payments fail. Next update at 09:30.', {
    normalizeWhitespace: true,
  });
  expect(subjectLine.parentElement?.textContent).toContain('Some payments fail.\nNext update at 09:30.');
  // Posted: the drawer closes.
  await waitFor(() => expect(screen.queryByRole('form', { name: 'Compose status update' })).not.toBeInTheDocument());
});

it('refuses an empty body without calling the back end', async () => {
  await renderIncident();
  await user.click(within(composer()).getByRole('button', { name: 'Post update' }));
  expect(within(composer()).getByText('Write the update first')).toBeInTheDocument();
  expect(postStatusUpdate).not.toHaveBeenCalled();
});

it('shows the API field error next to the body', async () => {
  jest
    .mocked(postStatusUpdate)
    .mockRejectedValue(
      new ApiError(400, 'invalid_request', 'the status update is not valid', [{ path: 'body', message: 'is too long' }])
    );
  await renderIncident();
  await user.type(within(composer()).getByLabelText('Body'), 'x');
  await user.click(within(composer()).getByRole('button', { name: 'Post update' }));
  expect(await within(composer()).findByText('is too long')).toBeInTheDocument();
});

it('previews the template the author picks', async () => {
  await withSizedLayout(async () => {
    await renderIncident();

    await user.click(within(composer()).getByRole('combobox', { name: 'Template' }));
    await user.click(await screen.findByRole('option', { name: /Customer notification/ }));
    await user.click(within(composer()).getByRole('button', { name: 'Preview' }));

    expect(getMessage).toHaveBeenCalledWith(ID, 'customer-notice');
  });
});
