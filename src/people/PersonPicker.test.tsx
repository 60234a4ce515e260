import React, { useState } from 'react';
import { render, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';

import { listPeople } from '../api/client';
import { resetFakeApi } from '../testing/fakeApi';
import { withSizedLayout } from '../testing/layout';
import { PeoplePicker, PersonPicker } from './PersonPicker';

jest.mock('../api/client', () => require('../testing/fakeApi').fakeApi());

beforeEach(() => {
  resetFakeApi();
  jest.mocked(listPeople).mockResolvedValue({
    source: 'grafana',
    people: [
      { login: 'alice', name: 'Alice Liddell', email: 'alice@example.com' },
      { login: 'bob', name: 'Bob' },
    ],
  });
});

function One({ onChange, initial = '' }: { onChange: (v: string) => void; initial?: string }) {
  const [value, setValue] = useState(initial);
  return (
    <>
      <label htmlFor="commander">Commander</label>
      <PersonPicker
        id="commander"
        value={value}
        onChange={(v) => {
          setValue(v);
          onChange(v);
        }}
      />
    </>
  );
}

it('picks a Grafana user by name and answers the login', async () => {
  const onChange = jest.fn();
  const user = userEvent.setup();
  render(<One onChange={onChange} />);

  await withSizedLayout(async () => {
    await user.click(screen.getByRole('combobox', { name: 'Commander' }));
    await user.click(await screen.findByRole('option', { name: /^Alice Liddell \(alice\)/ }));
  });

  expect(onChange).toHaveBeenCalledWith('alice');
  expect(screen.getByRole('combobox', { name: 'Commander' })).toHaveValue('Alice Liddell (alice)');
});

it('accepts the name of someone outside Grafana as typed', async () => {
  const onChange = jest.fn();
  const user = userEvent.setup();
  render(<One onChange={onChange} />);

  await withSizedLayout(async () => {
    await user.type(screen.getByRole('combobox', { name: 'Commander' }), 'Vendor Val');
    await user.click(await screen.findByRole('option', { name: /^Vendor Val/ }));
  });

  expect(onChange).toHaveBeenCalledWith('Vendor Val');
});

it('shows a stored name that is no Grafana user as it is', async () => {
  render(<One onChange={jest.fn()} initial="Vendor Val" />);
  expect(await screen.findByRole('combobox', { name: 'Commander' })).toHaveValue('Vendor Val');
});

it('adds responders from Grafana users and typed names', async () => {
  const onChange = jest.fn();
  const user = userEvent.setup();
  render(
    <>
      <label htmlFor="responders">Responders</label>
      <PeoplePicker id="responders" values={['bob']} onChange={onChange} />
    </>
  );

  await withSizedLayout(async () => {
    await user.click(screen.getByRole('combobox', { name: 'Responders' }));
    await user.click(await screen.findByRole('option', { name: /^Alice Liddell/ }));
  });
  expect(onChange).toHaveBeenLastCalledWith(['bob', 'alice']);
});
