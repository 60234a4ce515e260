import React from 'react';
import { screen, within } from '@testing-library/react';

import { acknowledgeByLink, describeAck, getMe, getPolicy } from '../../api/client';
import { ApiError } from '../../api/errors';
import type { AckInfo } from '../../api/types';
import { resetFakeApi } from '../../testing/fakeApi';
import { renderAt } from '../../testing/render';
import { userWithFakeClock } from '../../testing/user';
import AckPage from './AckPage';

jest.mock('@grafana/runtime', () => require('../../testing/runtime').runtimeMock());
jest.mock('../../api/client', () => require('../../testing/fakeApi').fakeApi());

const TOKEN = 'v1.abc.def';

function anAckInfo(overrides: Partial<AckInfo> = {}): AckInfo {
  return {
    incidentId: 'INC-2026-11-29-001',
    title: 'Checkout API returns 502',
    severity: 'P1',
    status: 'investigating',
    login: 'alice',
    via: 'email',
    expiresAt: '2026-11-30T08:10:00Z',
    acknowledged: null,
    ...overrides,
  };
}

let user: ReturnType<typeof userWithFakeClock>;

beforeEach(() => {
  resetFakeApi();
  user = userWithFakeClock();
  jest.mocked(describeAck).mockResolvedValue(anAckInfo());
});

afterEach(() => jest.useRealTimers());

const renderAck = (query = `?token=${TOKEN}`) => renderAt(`/ack${query}`, { '/ack': <AckPage /> });

it('describes the page without acknowledging it, and asks nothing a role is needed for', async () => {
  await renderAck();

  expect(describeAck).toHaveBeenCalledWith(TOKEN);
  const card = await screen.findByRole('region', { name: 'Paged incident' });
  expect(within(card).getByRole('heading', { name: 'Checkout API returns 502' })).toBeInTheDocument();
  expect(card).toHaveTextContent('INC-2026-11-29-001');
  expect(card).toHaveTextContent('P1');
  expect(card).toHaveTextContent('Investigating');
  expect(card).toHaveTextContent('Pagedalice');
  expect(card).toHaveTextContent('Throughemail');
  expect(card).toHaveTextContent('Link expires2026-11-30 08:10:00');
  // Opening the link must not acknowledge (mail scanners follow links), nor ask the back end who is signed in.
  expect(acknowledgeByLink).not.toHaveBeenCalled();
  expect(getMe).not.toHaveBeenCalled();
  expect(getPolicy).not.toHaveBeenCalled();
});

it('acknowledges on the button and says the escalation stopped', async () => {
  jest
    .mocked(acknowledgeByLink)
    .mockResolvedValue(anAckInfo({ acknowledged: { by: 'alice', at: '2026-11-29T08:11:00Z' } }));
  await renderAck();

  await user.click(await screen.findByRole('button', { name: 'Acknowledge' }));

  expect(acknowledgeByLink).toHaveBeenCalledWith(TOKEN);
  const done = await screen.findByRole('status', { name: 'Acknowledged' });
  expect(done).toHaveTextContent('Acknowledged by alice at 2026-11-29 08:11:00 — the escalation stopped.');
  expect(within(done).getByRole('link', { name: 'Open incident INC-2026-11-29-001' })).toHaveAttribute(
    'href',
    '/a/warroom-incident-app/incidents/INC-2026-11-29-001'
  );
  expect(screen.queryByRole('button', { name: 'Acknowledge' })).not.toBeInTheDocument();
});

it('says who acknowledged first when the link was already used', async () => {
  jest.mocked(describeAck).mockResolvedValue(anAckInfo({ acknowledged: { by: 'bob', at: '2026-11-29T08:09:00Z' } }));
  await renderAck();

  expect(await screen.findByRole('status', { name: 'Already acknowledged' })).toHaveTextContent(
    'Acknowledged by bob at 2026-11-29 08:09:00'
  );
  expect(screen.queryByRole('button', { name: 'Acknowledge' })).not.toBeInTheDocument();
});

it('says an expired link has expired, with the way to the incident list', async () => {
  jest
    .mocked(describeAck)
    .mockRejectedValue(new ApiError(410, 'link_expired', 'this acknowledge link has expired; open the incident'));
  await renderAck();

  const alert = await screen.findByRole('alert', { name: 'This acknowledge link has expired' });
  expect(within(alert).getByRole('link', { name: 'Open the incident list' })).toHaveAttribute(
    'href',
    '/a/warroom-incident-app/incidents'
  );
  expect(screen.queryByRole('button', { name: 'Acknowledge' })).not.toBeInTheDocument();
});

it.each([
  ['an unknown token', `?token=${TOKEN}`],
  ['no token at all', ''],
])('says the link is not valid for %s', async (_, query) => {
  jest.mocked(describeAck).mockRejectedValue(new ApiError(404, 'link_invalid', 'this acknowledge link is not valid'));
  await renderAck(query);

  const alert = await screen.findByRole('alert', { name: 'This acknowledge link is not valid' });
  expect(within(alert).getByRole('link', { name: 'Open the incident list' })).toBeInTheDocument();
  if (query === '') {
    expect(describeAck).not.toHaveBeenCalled();
  }
});

it('says so when the link expired between reading and clicking', async () => {
  jest.mocked(acknowledgeByLink).mockRejectedValue(new ApiError(410, 'link_expired', 'expired'));
  await renderAck();

  await user.click(await screen.findByRole('button', { name: 'Acknowledge' }));

  expect(await screen.findByRole('alert', { name: 'This acknowledge link has expired' })).toBeInTheDocument();
});
