import React from 'react';
import { act, render, screen, within } from '@testing-library/react';

import { getMe, listContactMethods, saveContactMethod, testContactMethod } from '../../../api/client';
import { resetFakeApi, signedInAs } from '../../../testing/fakeApi';
import { me } from '../../../testing/fixtures';
import { fill, userWithFakeClock } from '../../../testing/user';
import { aContactMethod } from '../fixtures';
import { ContactMethods } from './ContactMethods';

jest.mock('@grafana/runtime', () => require('../../../testing/runtime').runtimeMock());
jest.mock('../../../api/client', () => require('../../../testing/fakeApi').fakeApi());

let user: ReturnType<typeof userWithFakeClock>;
const NTFY = aContactMethod({ id: 'ntfy-1', kind: 'ntfy', address: undefined, hasSecret: true, position: 1 });

beforeEach(() => {
  resetFakeApi();
  user = userWithFakeClock();
  signedInAs('Viewer');
  jest.mocked(listContactMethods).mockResolvedValue({ login: 'viewer', methods: [aContactMethod(), NTFY] });
  jest.mocked(saveContactMethod).mockImplementation(async (id, req) => aContactMethod({ id, ...req }));
});

afterEach(() => jest.useRealTimers());

/** Renders the section and lets GET /me and the list settle, as a user waits for the page. */
async function renderMethods() {
  render(<ContactMethods />);
  await act(() => Promise.resolve());
}

it('lists my methods without their secrets, and sends a test page', async () => {
  jest.mocked(testContactMethod).mockResolvedValue({ delivered: true });
  await renderMethods();
  const table = await screen.findByRole('table', { name: 'Contact methods' });
  expect(within(table).getByRole('row', { name: /Email editor@example.com/ })).toBeInTheDocument();
  expect(within(table).getByRole('row', { name: /ntfy URL stored/ })).toBeInTheDocument();

  await user.click(screen.getByRole('button', { name: 'Send test page via ntfy-1' }));
  expect(testContactMethod).toHaveBeenCalledWith('ntfy-1');
  expect(await screen.findByText('Test page sent via ntfy-1')).toBeInTheDocument();
});

it('edits a method with a stored secret without showing or resending it', async () => {
  await renderMethods();
  await user.click(await screen.findByRole('button', { name: 'Edit ntfy-1' }));

  const form = screen.getByRole('form', { name: 'Edit contact method ntfy-1' });
  expect(within(form).getByText('Stored (never shown).')).toBeInTheDocument();
  expect(within(form).queryByLabelText(/Topic URL/)).not.toBeInTheDocument();
  await user.click(within(form).getByRole('button', { name: 'Save contact method' }));
  expect(saveContactMethod).toHaveBeenLastCalledWith('ntfy-1', { kind: 'ntfy', position: 1 });

  await user.click(await screen.findByRole('button', { name: 'Edit ntfy-1' }));
  const again = screen.getByRole('form', { name: 'Edit contact method ntfy-1' });
  await user.click(within(again).getByRole('button', { name: 'Replace' }));
  const url = within(again).getByLabelText(/^Topic URL/);
  expect(url).toHaveValue('');
  expect(url).toHaveAttribute('placeholder', 'stored');
  expect(within(again).getByLabelText(/^Access token/)).toHaveAttribute('type', 'password');
  await fill(user, url, 'https://ntfy.sh/new-topic');
  await user.click(within(again).getByRole('button', { name: 'Save contact method' }));
  expect(saveContactMethod).toHaveBeenLastCalledWith('ntfy-1', {
    kind: 'ntfy',
    position: 1,
    url: 'https://ntfy.sh/new-topic',
  });
});

it('adds an email address as a new method at the end', async () => {
  await renderMethods();
  await user.click(await screen.findByRole('button', { name: 'Add contact method' }));
  const form = screen.getByRole('form', { name: 'New contact method' });
  await fill(user, within(form).getByLabelText('Email address'), 'me@example.com');
  await user.click(within(form).getByRole('button', { name: 'Save contact method' }));
  expect(saveContactMethod).toHaveBeenCalledWith(expect.stringMatching(/^email-/), {
    kind: 'email',
    position: 2,
    address: 'me@example.com',
  });
});

it('tells the anonymous user to sign in, and asks nothing', async () => {
  jest.mocked(getMe).mockResolvedValue({ ...me('Viewer'), login: '', anonymous: true });
  await renderMethods();
  expect(await screen.findByText('Sign in to set up how Warroom reaches you')).toBeInTheDocument();
  expect(listContactMethods).not.toHaveBeenCalled();
});
