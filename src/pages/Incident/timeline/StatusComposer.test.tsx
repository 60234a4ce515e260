import React from 'react';
import { screen, waitFor, within } from '@testing-library/react';

import { getIncidentMetrics, getMessage, listTemplates, postStatusUpdate } from '../../../api/client';
import { ApiError } from '../../../api/errors';
import { anEvent, anIncident, anIncidentMetrics, aTemplate } from '../../../testing/fixtures';
import { renderAt } from '../../../testing/render';
import { fill, userWithFakeClock } from '../../../testing/user';
import { withSizedLayout } from '../../../testing/layout';
import { INCIDENT_ID, setUpIncidentPage } from '../renderIncidentPage';
import { StatusUpdateDrawer } from './StatusUpdateDrawer';

jest.mock('@grafana/runtime', () => require('../../../testing/runtime').runtimeMock());
jest.mock('../../../api/client', () => require('../../../testing/fakeApi').fakeApi());

const ID = INCIDENT_ID;

// The composer of the open drawer, found once: role queries over the whole page are slow.
let form: HTMLElement;
const composer = () => form;

const onPosted = jest.fn();
const onClose = jest.fn();

/** The drawer alone, as the page opens it: the composer's own rules need no page around them. */
async function renderDrawer() {
  await renderAt('/', {
    '/': (
      <StatusUpdateDrawer
        incident={anIncident({ version: 4 })}
        onPosted={onPosted}
        onClose={onClose}
        onStale={jest.fn()}
      />
    ),
  });
  form = await screen.findByRole('form', { name: 'Compose status update' });
}

let user: ReturnType<typeof userWithFakeClock>;

beforeEach(() => {
  onPosted.mockClear();
  onClose.mockClear();
  user = setUpIncidentPage();
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

afterEach(() => jest.useRealTimers());

it('previews the template of the current status, lets the author edit it, and posts the edited text', async () => {
  await renderDrawer();
  await user.click(within(composer()).getByRole('button', { name: 'Preview' }));

  expect(getMessage).toHaveBeenCalledWith(ID, 'status-investigating');
  expect(await within(composer()).findByText('Fill in: impact, symptoms')).toBeInTheDocument();
  const subject = within(composer()).getByLabelText('Subject');
  const body = within(composer()).getByLabelText('Body');
  expect(subject).toHaveValue('checkout-api - Investigating Issues');

  await fill(user, subject, 'Checkout degraded');
  await fill(user, body, 'Some payments fail.\nNext update at 09:30.');
  jest.mocked(postStatusUpdate).mockResolvedValue(anEvent({ seq: 2, kind: 'status_update' }));
  await user.click(within(composer()).getByRole('button', { name: 'Post update' }));

  expect(postStatusUpdate).toHaveBeenCalledWith(ID, {
    templateId: 'status-investigating',
    subject: 'Checkout degraded',
    body: 'Some payments fail.\nNext update at 09:30.',
  });
  // Posted: the page reloads its timeline, then the drawer closes.
  await waitFor(() => expect(onClose).toHaveBeenCalled());
  expect(onPosted).toHaveBeenCalledTimes(1);
  expect(onPosted.mock.invocationCallOrder[0]).toBeLessThan(onClose.mock.invocationCallOrder[0]);
});

it('refuses to post while the template’s placeholders are left, naming them, and posts once they are replaced', async () => {
  jest.mocked(getMessage).mockResolvedValue({
    templateId: 'status-investigating',
    subject: 'checkout-api - [impact]',
    body: 'We are investigating reports of [symptoms].\nNext update by [eta].',
    missing: ['eta', 'impact', 'symptoms'],
  });
  await renderDrawer();
  await user.click(within(composer()).getByRole('button', { name: 'Preview' }));
  const subject = within(composer()).getByLabelText('Subject');
  const body = within(composer()).getByLabelText('Body');
  await waitFor(() => expect(body).toHaveValue('We are investigating reports of [symptoms].\nNext update by [eta].'));
  await fill(user, subject, 'Checkout degraded');

  await user.click(within(composer()).getByRole('button', { name: 'Post update' }));
  expect(within(composer()).getByText('Replace [symptoms] and [eta] before posting')).toBeInTheDocument();
  expect(body).toHaveAttribute('aria-invalid', 'true');
  expect(postStatusUpdate).not.toHaveBeenCalled();

  // Replacing one leaves the other named; brackets the author writes are theirs.
  await fill(user, body, 'Some payments fail [EU].\nNext update by [eta].');
  expect(within(composer()).getByText('Replace [eta] before posting')).toBeInTheDocument();
  await fill(user, body, 'Some payments fail [EU].\nNext update by 09:30.');
  expect(within(composer()).queryByText(/^Replace .* before posting$/)).not.toBeInTheDocument();
  await user.click(within(composer()).getByRole('button', { name: 'Post update' }));
  expect(postStatusUpdate).toHaveBeenCalledWith(ID, {
    templateId: 'status-investigating',
    subject: 'Checkout degraded',
    body: 'Some payments fail [EU].\nNext update by 09:30.',
  });
  // Posted: the page reloads its timeline, then the drawer closes.
  await waitFor(() => expect(onClose).toHaveBeenCalled());
  expect(onPosted).toHaveBeenCalledTimes(1);
  expect(onPosted.mock.invocationCallOrder[0]).toBeLessThan(onClose.mock.invocationCallOrder[0]);
});

it('refuses an empty body without calling the back end', async () => {
  await renderDrawer();
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
  await renderDrawer();
  await user.type(within(composer()).getByLabelText('Body'), 'x');
  await user.click(within(composer()).getByRole('button', { name: 'Post update' }));
  expect(await within(composer()).findByText('is too long')).toBeInTheDocument();
});

it('previews the template the author picks', async () => {
  await withSizedLayout(async () => {
    await renderDrawer();

    await user.click(within(composer()).getByRole('combobox', { name: 'Template' }));
    await user.click(await screen.findByRole('option', { name: /Customer notification/ }));
    await user.click(within(composer()).getByRole('button', { name: 'Preview' }));

    expect(getMessage).toHaveBeenCalledWith(ID, 'customer-notice');
  });
});
