import React from 'react';
import { useParams } from 'react-router-dom';
import { screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';

import { declareIncident, getMe } from '../../api/client';
import { ApiError } from '../../api/errors';
import { anIncident, me } from '../../testing/fixtures';
import { renderAt } from '../../testing/render';
import { setBootRole } from '../../testing/runtime';
import DeclarePage from './DeclarePage';

jest.mock('@grafana/runtime', () => require('../../testing/runtime').runtimeMock());
jest.mock('../../api/client');

function IncidentStub() {
  return <p>incident page {useParams().id}</p>;
}

function renderDeclare(url: string) {
  return renderAt(url, {
    '/a/warroom-incident-app/declare': <DeclarePage />,
    '/a/warroom-incident-app/incidents/:id': <IncidentStub />,
  });
}

const FROM_PANEL =
  '/a/warroom-incident-app/declare?panelTitle=Checkout%205xx%20rate&dashboardUid=abc123&panelId=4&from=now-1h&to=now';

async function addService(name: string) {
  await userEvent.type(screen.getByLabelText(/affected services/i), `${name}{Enter}`);
}

beforeEach(() => {
  jest.resetAllMocks();
  setBootRole('Editor');
  jest.mocked(getMe).mockResolvedValue(me('Editor'));
});

it('prefills the title from the panel and links back to it', async () => {
  await renderDeclare(FROM_PANEL);
  expect(screen.getByLabelText(/title/i)).toHaveValue('Checkout 5xx rate');
  expect(screen.getByRole('link', { name: /this dashboard panel/i })).toHaveAttribute(
    'href',
    '/d/abc123?viewPanel=4&from=now-1h&to=now'
  );
});

it('submits with Enter, sends the panel as links and its time range as labels, then opens the incident', async () => {
  jest.mocked(declareIncident).mockResolvedValue(anIncident({ id: 'INC-2026-11-29-007' }));
  await renderDeclare(FROM_PANEL);

  await userEvent.click(screen.getByRole('radio', { name: 'P1' }));
  await addService('checkout-api');
  await userEvent.type(screen.getByLabelText(/title/i), '{Enter}');

  expect(await screen.findByText('incident page INC-2026-11-29-007')).toBeInTheDocument();
  expect(declareIncident).toHaveBeenCalledWith({
    title: 'Checkout 5xx rate',
    severity: 'P1',
    services: ['checkout-api'],
    summary: undefined,
    links: { dashboardUid: 'abc123', panelId: 4 },
    labels: { from: 'now-1h', to: 'now' },
  });
});

it('shows what is missing without calling the back end', async () => {
  await renderDeclare('/a/warroom-incident-app/declare');
  await userEvent.click(screen.getByRole('button', { name: /declare incident/i }));

  expect(screen.getByText('Give the incident a title')).toBeInTheDocument();
  expect(screen.getByText('Choose a severity')).toBeInTheDocument();
  expect(screen.getByText('Name at least one affected service')).toBeInTheDocument();
  expect(declareIncident).not.toHaveBeenCalled();
});

it('shows the back end’s field errors on the matching fields', async () => {
  jest.mocked(declareIncident).mockRejectedValue(
    new ApiError(400, 'invalid_request', 'request body is invalid', [
      { path: 'services[0]', message: 'must be at most 100 characters' },
      { path: 'title', message: 'must not be only spaces' },
    ])
  );
  await renderDeclare(FROM_PANEL);
  await userEvent.click(screen.getByRole('radio', { name: 'P3' }));
  await addService('x'.repeat(40));
  await userEvent.click(screen.getByRole('button', { name: /declare incident/i }));

  expect(await screen.findByText('must be at most 100 characters')).toBeInTheDocument();
  expect(screen.getByText('must not be only spaces')).toBeInTheDocument();
  // Every problem has a field, so there is no banner on top of the form.
  expect(screen.queryByText('The incident was not declared')).not.toBeInTheDocument();
});

it('shows errors that belong to no field above the form', async () => {
  jest
    .mocked(declareIncident)
    .mockRejectedValue(new ApiError(403, 'forbidden', 'your Grafana role does not allow this'));
  await renderDeclare(FROM_PANEL);
  await userEvent.click(screen.getByRole('radio', { name: 'P4' }));
  await addService('web');
  await userEvent.click(screen.getByRole('button', { name: /declare incident/i }));

  expect(await screen.findByText('The incident was not declared')).toBeInTheDocument();
  expect(screen.getByText('your Grafana role does not allow this')).toBeInTheDocument();
});

it('shows viewers no form', async () => {
  setBootRole('Viewer');
  jest.mocked(getMe).mockResolvedValue(me('Viewer'));
  await renderDeclare(FROM_PANEL);

  expect(screen.getByText('Only editors can declare incidents')).toBeInTheDocument();
  expect(screen.queryByRole('button', { name: /declare incident/i })).not.toBeInTheDocument();
});
