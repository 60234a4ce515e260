import React from 'react';
import { render, screen, within } from '@testing-library/react';

import { listTemplates, updateAppSettings } from '../../api/client';
import { aTemplate } from '../../testing/fixtures';
import { fill, userWithFakeClock } from '../../testing/user';
import AppConfig from './AppConfig';
import { answerAsHealthyBackend, configPageProps as props, openSection } from './configPageProps';

jest.mock('../../api/client', () => require('../../testing/fakeApi').fakeApi());

let user: ReturnType<typeof userWithFakeClock>;

const reload = jest.fn();

beforeAll(() => {
  Object.defineProperty(window, 'location', { configurable: true, value: { ...window.location, reload } });
});

beforeEach(() => {
  user = userWithFakeClock();
  answerAsHealthyBackend();
});

afterEach(() => jest.useRealTimers());

it('shows a stored DSN only as "configured" and keeps it when saving other settings', async () => {
  render(<AppConfig {...props({ jsonData: { dataDir: '/data/warroom' }, secureJsonFields: { postgresDsn: true } })} />);
  await openSection(user, 'Storage');
  await openSection(user, 'Display');

  const dsn = screen.getByLabelText(/^PostgreSQL connection string/);
  expect(dsn).toHaveValue('configured');
  expect(dsn).toBeDisabled();
  expect(screen.getByLabelText(/^SQLite data directory/)).toHaveValue('/data/warroom');

  await user.click(screen.getByRole('radio', { name: 'SEV1–SEV4' }));
  await user.click(screen.getByRole('button', { name: 'Save settings' }));

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
  await openSection(user, 'Storage');
  await user.click(screen.getByRole('button', { name: 'Reset' }));
  await user.click(screen.getByRole('button', { name: 'Save settings' }));
  expect(updateAppSettings).toHaveBeenCalledWith(expect.objectContaining({ secureJsonData: { postgresDsn: '' } }));
});

it('sends a DSN typed after Reset', async () => {
  render(<AppConfig {...props({ secureJsonFields: { postgresDsn: true } })} />);
  await openSection(user, 'Storage');
  await user.click(screen.getByRole('button', { name: 'Reset' }));
  await fill(user, screen.getByLabelText(/^PostgreSQL connection string/), 'postgres://db/warroom');
  await user.click(screen.getByRole('button', { name: 'Save settings' }));
  expect(updateAppSettings).toHaveBeenCalledWith(
    expect.objectContaining({ secureJsonData: { postgresDsn: 'postgres://db/warroom' } })
  );
});

it('says when the settings were not saved', async () => {
  jest.mocked(updateAppSettings).mockRejectedValue(new Error('Permission denied'));
  render(<AppConfig {...props({})} />);
  await user.click(screen.getByRole('button', { name: 'Save settings' }));

  expect(await screen.findByText('Settings were not saved')).toBeInTheDocument();
  expect(reload).not.toHaveBeenCalled();
});

describe('status update templates', () => {
  const customer = aTemplate({
    id: 'customer-notice',
    name: 'Customer notification',
    subject: 'Disruption',
    body: 'Sorry.',
  });
  const savedTemplates = () => jest.mocked(updateAppSettings).mock.lastCall?.[0].jsonData?.templates;

  beforeEach(() => {
    jest.mocked(listTemplates).mockResolvedValue({ items: [aTemplate(), customer] });
  });

  const openTemplates = async () => {
    await user.click(screen.getByRole('button', { name: 'Status update templates' }));
    return screen.findByRole('group', { name: 'Customer notification' });
  };

  it('saves edited defaults into jsonData.templates', async () => {
    render(<AppConfig {...props({ jsonData: { severityLabels: 'P' } })} />);
    const body = within(await openTemplates()).getByLabelText(/^Body/);
    await fill(user, body, 'We are sorry.');
    await user.click(screen.getByRole('button', { name: 'Save settings' }));

    expect(updateAppSettings).toHaveBeenCalledWith(
      expect.objectContaining({
        jsonData: { severityLabels: 'P', templates: [aTemplate(), { ...customer, body: 'We are sorry.' }] },
      })
    );
  });

  it('saves no templates once the edits are reset to default', async () => {
    render(<AppConfig {...props({})} />);
    const group = await openTemplates();
    await user.type(within(group).getByLabelText('Subject'), ' today');
    await user.click(within(group).getByRole('button', { name: 'Reset to default' }));
    expect(within(group).getByLabelText('Subject')).toHaveValue('Disruption');
    await user.click(screen.getByRole('button', { name: 'Save settings' }));

    expect(updateAppSettings).toHaveBeenCalled();
    expect(savedTemplates()).toBeUndefined();
  });

  it('keeps saved templates when other settings are saved', async () => {
    const saved = [{ ...customer, subject: 'Outage' }];
    render(<AppConfig {...props({ jsonData: { templates: saved } })} />);
    expect(within(await openTemplates()).getByLabelText('Subject')).toHaveValue('Outage');
    await user.click(screen.getByRole('button', { name: 'Save settings' }));
    expect(savedTemplates()).toEqual(saved);
  });

  it('drops saved templates for the runbook’s', async () => {
    render(<AppConfig {...props({ jsonData: { templates: [{ ...customer, subject: 'Outage' }] } })} />);
    await openTemplates();
    await user.click(screen.getByRole('button', { name: 'Use the runbook’s templates' }));
    expect(screen.getByText(/default templates are used after you save/)).toBeInTheDocument();
    await user.click(screen.getByRole('button', { name: 'Save settings' }));
    expect(updateAppSettings).toHaveBeenCalled();
    expect(savedTemplates()).toBeUndefined();
  });

  it('refuses a template without a body', async () => {
    render(<AppConfig {...props({})} />);
    const group = await openTemplates();
    await user.clear(within(group).getByLabelText(/^Body/));
    await user.click(screen.getByRole('button', { name: 'Save settings' }));

    expect(within(group).getByText('A template needs a body')).toBeInTheDocument();
    expect(screen.getByText('Every status update template needs a body.')).toBeInTheDocument();
    expect(updateAppSettings).not.toHaveBeenCalled();
  });
});
