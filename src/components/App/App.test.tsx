import React from 'react';
import { screen } from '@testing-library/react';
import type { AppRootProps } from '@grafana/data';

import {
  getDiagnostics,
  getIncident,
  getIncidentMetrics,
  getIncidentTimers,
  getMe,
  getPostmortem,
  listEvents,
  listIncidents,
} from '../../api/client';
import { aDiagnosticsState } from '../../diagnostics/fixtures';
import { anIncident, anIncidentMetrics, anIncidentTimers, aPostmortemView, me } from '../../testing/fixtures';
import { renderAt } from '../../testing/render';
import App from './App';

jest.mock('@grafana/runtime', () => require('../../testing/runtime').runtimeMock());
jest.mock('../../api/client');

const renderApp = (url: string) => renderAt(url, { '/a/warroom-incident-app/*': <App {...({} as AppRootProps)} /> });

beforeEach(() => {
  jest.mocked(getMe).mockResolvedValue(me('Viewer'));
  jest.mocked(listIncidents).mockResolvedValue({ items: [anIncident()], total: 1 });
  jest.mocked(getIncident).mockResolvedValue(anIncident({ title: 'Payments down' }));
  jest.mocked(listEvents).mockResolvedValue({ items: [] });
  jest.mocked(getIncidentMetrics).mockResolvedValue(anIncidentMetrics());
  jest.mocked(getIncidentTimers).mockResolvedValue(anIncidentTimers());
  jest.mocked(getDiagnostics).mockResolvedValue(aDiagnosticsState());
});

it('sends unknown paths to the incident list', async () => {
  await renderApp('/a/warroom-incident-app/no-such-page');
  expect(await screen.findByRole('link', { name: 'INC-2026-11-29-001' })).toBeInTheDocument();
});

it('opens an incident by id', async () => {
  await renderApp('/a/warroom-incident-app/incidents/INC-2026-11-29-001');
  expect(await screen.findByRole('heading', { name: 'Payments down' })).toBeInTheDocument();
  expect(getIncident).toHaveBeenCalledWith('INC-2026-11-29-001');
});

it('opens the post-mortem of an incident', async () => {
  jest.mocked(getPostmortem).mockResolvedValue(aPostmortemView());
  await renderApp('/a/warroom-incident-app/incidents/INC-2026-11-29-001/postmortem');
  expect(await screen.findByRole('heading', { name: 'Post-mortem INC-2026-11-29-001' })).toBeInTheDocument();
  expect(getPostmortem).toHaveBeenCalledWith('INC-2026-11-29-001');
});
