import React from 'react';
import { screen } from '@testing-library/react';
import type { AppRootProps } from '@grafana/data';

import { getIncident, getPostmortem, listEvents } from '../../api/client';
import { anIncident, aPostmortemView } from '../../testing/fixtures';
import { renderAt } from '../../testing/render';
import App from './App';

jest.mock('@grafana/runtime', () => require('../../testing/runtime').runtimeMock());
jest.mock('../../api/client', () => require('../../testing/fakeApi').fakeApi());

const renderApp = (url: string) => renderAt(url, { '/a/warroom-incident-app/*': <App {...({} as AppRootProps)} /> });

beforeEach(() => {
  jest.mocked(getIncident).mockResolvedValue(anIncident({ title: 'Payments down' }));
  jest.mocked(listEvents).mockResolvedValue({ items: [] });
});

it('sends unknown paths to the incident list', async () => {
  await renderApp('/a/warroom-incident-app/no-such-page');
  expect(await screen.findByRole('link', { name: 'Checkout API returns 502' })).toBeInTheDocument();
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
