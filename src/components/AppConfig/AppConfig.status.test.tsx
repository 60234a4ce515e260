import React from 'react';
import { render, screen, within } from '@testing-library/react';

import { getConfigStatus } from '../../api/client';
import { ApiError } from '../../api/errors';
import { userWithFakeClock } from '../../testing/user';
import AppConfig from './AppConfig';
import { answerAsHealthyBackend, configPageProps as props } from './configPageProps';

jest.mock('../../api/client', () => require('../../testing/fakeApi').fakeApi());

let user: ReturnType<typeof userWithFakeClock>;

beforeEach(() => {
  user = userWithFakeClock();
  answerAsHealthyBackend();
});

afterEach(() => jest.useRealTimers());

/** The toggle of the section titled `title`: its name is the header, title and status line. */
const header = (title: string) => screen.findByRole('button', { name: new RegExp(`^${title}`) });

it('says in each header what the back end found, and opens only the section in error', async () => {
  jest.mocked(getConfigStatus).mockResolvedValue({
    sections: [
      { key: 'storage', state: 'connected', message: 'PostgreSQL' },
      { key: 'prometheus', state: 'error', message: 'connection refused' },
      { key: 'aws', state: 'not_configured', message: '' },
      { key: 'postgres', state: 'connected', message: '2 targets reachable' },
      { key: 'notifications', state: 'not_configured', message: '' },
      { key: 'alerts', state: 'connected', message: 'HMAC secret set' },
    ],
  });
  render(<AppConfig {...props({})} />);

  expect(await screen.findByText('Connected — PostgreSQL')).toBeInTheDocument();
  expect(await header('Storage')).toHaveAccessibleName('Storage Connected — PostgreSQL');
  expect(await header('Prometheus')).toHaveAccessibleName('Prometheus Error: connection refused');
  expect(await header('AWS and PostgreSQL diagnostics')).toHaveAccessibleName(
    'AWS and PostgreSQL diagnostics AWS: Not configured PostgreSQL: Connected — 2 targets reachable'
  );
  expect(await header('Notification channels')).toHaveAccessibleName('Notification channels Not configured');
  expect(await header('Alert webhook')).toHaveAccessibleName('Alert webhook Connected — HMAC secret set');

  expect(await header('Prometheus')).toHaveAttribute('aria-expanded', 'true');
  expect(screen.getByRole('group', { name: 'Prometheus' })).toBeInTheDocument();
  for (const closed of ['Storage', 'Alert webhook', 'Display', 'Status update templates']) {
    expect(await header(closed)).toHaveAttribute('aria-expanded', 'false');
  }
});

it('opens and closes a section from the keyboard', async () => {
  render(<AppConfig {...props({})} />);
  await screen.findByText('Connected — SQLite');
  (await header('Storage')).focus();
  await user.keyboard('{Enter}');
  expect(screen.getByRole('group', { name: 'Storage' })).toBeInTheDocument();
  await user.keyboard(' ');
  expect(screen.queryByRole('group', { name: 'Storage' })).not.toBeInTheDocument();
});

it('says when the connections could not be checked, and checks again on request', async () => {
  jest.mocked(getConfigStatus).mockRejectedValueOnce(new ApiError(503, 'store_unavailable', 'the store is down'));
  render(<AppConfig {...props({})} />);
  const alert = await screen.findByRole('alert', { name: 'Could not check the connections' });
  expect(alert).toHaveTextContent('the store is down');
  expect(await header('Storage')).toHaveAccessibleName('Storage Status unavailable');

  await user.click(screen.getByRole('button', { name: 'Check again' }));
  expect(await header('Storage')).toHaveAccessibleName('Storage Connected — SQLite');
  expect(screen.queryByRole('alert', { name: 'Could not check the connections' })).not.toBeInTheDocument();
  expect(getConfigStatus).toHaveBeenCalledTimes(2);
});

it('links to the pages that moved off it: the service catalog and the severity policy', async () => {
  render(<AppConfig {...props({ jsonData: { services: [{ name: 'checkout' }, { name: 'cart' }] } })} />);
  await screen.findByText('Connected — SQLite');
  const catalog = screen.getByRole('region', { name: 'Service catalog' });
  expect(catalog).toHaveTextContent('Service catalog: 2 services —');
  expect(within(catalog).getByRole('link', { name: 'Edit on the Services page' })).toHaveAttribute(
    'href',
    '/a/warroom-incident-app/services'
  );
  expect(screen.getByRole('link', { name: 'Severity policy' })).toHaveAttribute(
    'href',
    '/a/warroom-incident-app/policy'
  );
  expect(screen.queryByRole('form', { name: 'Severity policy' })).not.toBeInTheDocument();
});
