import React from 'react';

import type { ConfigSection } from '../shared/section';
import { secretUpdate } from '../shared/secrets';
import { AWS_SECRETS, type DiagnosticsForm, diagnosticsFormFrom, diagnosticsJsonData } from './diagnosticsForm';
import { DiagnosticsSettings } from './DiagnosticsSettings';

const AWS_SECRET_KEYS: readonly string[] = AWS_SECRETS;

/** AWS credentials, PostgreSQL targets, thresholds, runbook overrides and remediations of diagnostics. */
export const diagnosticsSection: ConfigSection<DiagnosticsForm> = {
  key: 'diagnostics',
  title: 'AWS and PostgreSQL diagnostics',
  status: [
    { key: 'aws', label: 'AWS' },
    { key: 'postgres', label: 'PostgreSQL' },
  ],
  owns: ['diagnostics'],
  fromSettings: (jsonData, stored) => diagnosticsFormFrom(jsonData?.diagnostics, stored),
  validate: (form) => {
    const data = diagnosticsJsonData(form);
    return 'error' in data
      ? {
          message: 'The runbook overrides cannot be read.',
          fields: [{ path: 'diagnostics.runbooks', message: data.error }],
        }
      : undefined;
  },
  toSettings: (form, stored) => {
    const data = diagnosticsJsonData(form);
    return {
      jsonData: { diagnostics: 'error' in data ? undefined : data.data },
      // AWS keys typed while another authentication is chosen are not sent.
      secureJsonData: secretUpdate(
        stored,
        form.secrets,
        (key) => form.authType === 'keys' || !AWS_SECRET_KEYS.includes(key)
      ),
    };
  },
  render: (props) => <DiagnosticsSettings {...props} />,
};
