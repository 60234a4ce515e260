import React from 'react';
import { render, screen, within } from '@testing-library/react';

import { updateAppSettings, validateSettings } from '../../../api/client';
import { ApiError } from '../../../api/errors';
import { fill, userWithFakeClock } from '../../../testing/user';
import AppConfig from '../AppConfig';
import { answerAsHealthyBackend, configPageProps as props, openSection } from '../configPageProps';

jest.mock('../../../api/client', () => require('../../../testing/fakeApi').fakeApi());

let user: ReturnType<typeof userWithFakeClock>;

beforeAll(() => {
  Object.defineProperty(window, 'location', { configurable: true, value: { ...window.location, reload: jest.fn() } });
});

beforeEach(() => {
  user = userWithFakeClock();
  answerAsHealthyBackend();
});

afterEach(() => jest.useRealTimers());

const services = [{ name: 'checkout', selector: 'service="checkout"', postgres: 'orders' }];

// The settings page is long: finding a label among all its inputs costs more than the rest of a test.
const diagnostics = () => within(screen.getByRole('group', { name: 'AWS and PostgreSQL diagnostics' }));

it('saves AWS keys and enabled remediations, keeping a stored target DSN write-only', async () => {
  render(
    <AppConfig
      {...props({
        jsonData: { services, diagnostics: { aws: { defaultRegion: 'eu-west-1' } } },
        secureJsonFields: { 'postgres.orders': true },
      })}
    />
  );
  await openSection(user, 'AWS and PostgreSQL diagnostics');
  const dsn = diagnostics().getByLabelText(/^PostgreSQL target "orders" DSN/);
  expect(dsn).toHaveValue('configured');
  expect(dsn).toBeDisabled();

  await user.click(diagnostics().getByRole('radio', { name: 'Access keys' }));
  await fill(user, diagnostics().getByLabelText(/^AWS access key/), 'AKIAEXAMPLE');
  await fill(user, diagnostics().getByLabelText(/^AWS secret key/), 'wJalrXUtnFEMI');
  await user.click(diagnostics().getByRole('checkbox', { name: 'Terminate idle PostgreSQL backends' }));
  await user.click(screen.getByRole('button', { name: 'Save settings' }));

  expect(updateAppSettings).toHaveBeenCalledWith(
    expect.objectContaining({
      jsonData: expect.objectContaining({
        diagnostics: {
          aws: { authType: 'keys', defaultRegion: 'eu-west-1' },
          remediation: { 'terminate-idle-backends': true },
        },
      }),
      // The stored DSN is not sent (kept); only the typed keys are.
      secureJsonData: { awsAccessKey: 'AKIAEXAMPLE', awsSecretKey: 'wJalrXUtnFEMI' },
    })
  );
});

it('shows the back end’s problems with diagnostics settings and saves nothing', async () => {
  jest
    .mocked(validateSettings)
    .mockRejectedValue(
      new ApiError(400, 'invalid_request', 'the settings are not valid', [
        { path: 'diagnostics.postgres.idleAge', message: 'must be a duration from 1s to 24h, such as 30s or 10m' },
      ])
    );
  render(<AppConfig {...props({ jsonData: { services } })} />);
  await openSection(user, 'AWS and PostgreSQL diagnostics');
  await fill(user, diagnostics().getByLabelText(/^Idle session stale after/), 'soon');
  await user.click(screen.getByRole('button', { name: 'Save settings' }));
  expect(validateSettings).toHaveBeenCalledWith(
    expect.objectContaining({ diagnostics: { postgres: { idleAge: 'soon' } } })
  );
  expect(await screen.findAllByText(/must be a duration from 1s to 24h/)).not.toHaveLength(0);
  expect(updateAppSettings).not.toHaveBeenCalled();
});

it('refuses runbook overrides that are not a JSON array before asking the back end', async () => {
  render(<AppConfig {...props({ jsonData: {} })} />);
  await openSection(user, 'AWS and PostgreSQL diagnostics');
  await user.click(diagnostics().getByLabelText(/^Runbook overrides/));
  await user.paste('{"id":"x"}');
  await user.click(screen.getByRole('button', { name: 'Save settings' }));
  expect(await screen.findByText('The runbook overrides cannot be read.')).toBeInTheDocument();
  expect(validateSettings).not.toHaveBeenCalled();
});
