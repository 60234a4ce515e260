import React from 'react';
import { render, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import type { AppPluginMeta, PluginType } from '@grafana/data';

import { type AppJsonData, updateAppSettings } from '../../api/client';
import AppConfig, { type AppConfigProps } from './AppConfig';

jest.mock('../../api/client');

function props(meta: Partial<AppPluginMeta<AppJsonData>>): AppConfigProps {
  return {
    plugin: {
      meta: {
        id: 'warroom-incident-app',
        name: 'Warroom',
        type: 'app' as PluginType,
        enabled: true,
        pinned: true,
        ...meta,
      },
    },
    query: {},
  } as unknown as AppConfigProps;
}

const reload = jest.fn();

beforeAll(() => {
  Object.defineProperty(window, 'location', { configurable: true, value: { ...window.location, reload } });
});

beforeEach(() => {
  jest.resetAllMocks();
  jest.mocked(updateAppSettings).mockResolvedValue({});
});

it('shows a stored DSN only as "configured" and keeps it when saving other settings', async () => {
  render(<AppConfig {...props({ jsonData: { dataDir: '/data/warroom' }, secureJsonFields: { postgresDsn: true } })} />);

  const dsn = screen.getByLabelText(/^PostgreSQL connection string/);
  expect(dsn).toHaveValue('configured');
  expect(dsn).toBeDisabled();
  expect(screen.getByLabelText(/^SQLite data directory/)).toHaveValue('/data/warroom');

  await userEvent.click(screen.getByRole('radio', { name: 'SEV1–SEV4' }));
  await userEvent.click(screen.getByRole('button', { name: 'Save settings' }));

  expect(updateAppSettings).toHaveBeenCalledWith({
    enabled: true,
    pinned: true,
    jsonData: { dataDir: '/data/warroom', severityLabels: 'SEV' },
    secureJsonData: undefined,
  });
  expect(reload).toHaveBeenCalled();
});

it('removes the stored DSN when it is reset and left empty', async () => {
  render(<AppConfig {...props({ secureJsonFields: { postgresDsn: true } })} />);
  await userEvent.click(screen.getByRole('button', { name: 'Reset' }));
  await userEvent.click(screen.getByRole('button', { name: 'Save settings' }));
  expect(updateAppSettings).toHaveBeenCalledWith(expect.objectContaining({ secureJsonData: { postgresDsn: '' } }));
});

it('sends a DSN typed after Reset', async () => {
  render(<AppConfig {...props({ secureJsonFields: { postgresDsn: true } })} />);
  await userEvent.click(screen.getByRole('button', { name: 'Reset' }));
  await userEvent.type(screen.getByLabelText(/^PostgreSQL connection string/), 'postgres://db/warroom');
  await userEvent.click(screen.getByRole('button', { name: 'Save settings' }));
  expect(updateAppSettings).toHaveBeenCalledWith(
    expect.objectContaining({ secureJsonData: { postgresDsn: 'postgres://db/warroom' } })
  );
});

it('says when the settings were not saved', async () => {
  jest.mocked(updateAppSettings).mockRejectedValue(new Error('Permission denied'));
  render(<AppConfig {...props({})} />);
  await userEvent.click(screen.getByRole('button', { name: 'Save settings' }));

  expect(await screen.findByText('Settings were not saved')).toBeInTheDocument();
  expect(reload).not.toHaveBeenCalled();
});
