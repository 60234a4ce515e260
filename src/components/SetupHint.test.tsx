import React from 'react';
import { act, render, screen } from '@testing-library/react';

import { resetFakeApi, signedInAs } from '../testing/fakeApi';
import { SetupHint } from './SetupHint';

jest.mock('@grafana/runtime', () => require('../testing/runtime').runtimeMock());
jest.mock('../api/client', () => require('../testing/fakeApi').fakeApi());

beforeEach(() => resetFakeApi());

async function renderHint(gap: 'prometheus' | 'catalog') {
  render(
    <SetupHint gap={gap} title="Nothing to graph">
      What is missing.
    </SetupHint>
  );
  await act(() => Promise.resolve());
  return screen.getByRole('status');
}

it.each([
  ['prometheus', 'Configure Prometheus', '/plugins/warroom-incident-app'],
  ['catalog', 'Add services', '/a/warroom-incident-app/services'],
] as const)('%s: an Admin gets the link to the page that fixes it', async (gap, action, href) => {
  signedInAs('Admin');
  const hint = await renderHint(gap);
  expect(hint).toHaveTextContent('Nothing to graph');
  expect(hint).toHaveTextContent('What is missing.');
  expect(screen.getByRole('link', { name: action })).toHaveAttribute('href', href);
  expect(hint).not.toHaveTextContent('Ask a Grafana admin');
});

it.each([
  ['Viewer', 'prometheus', 'Ask a Grafana admin to configure Prometheus on Warroom’s configuration page.'],
  ['Editor', 'catalog', 'Ask a Grafana admin to add the services to Warroom’s service catalog.'],
] as const)('%s (%s): told whom to ask, with no link they could not use', async (role, gap, ask) => {
  signedInAs(role);
  const hint = await renderHint(gap);
  expect(hint).toHaveTextContent('What is missing.');
  expect(hint).toHaveTextContent(ask);
  expect(screen.queryByRole('link')).not.toBeInTheDocument();
});
