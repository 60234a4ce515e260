import React from 'react';

import { trimmed } from '../shared/compact';
import type { ConfigSection } from '../shared/section';
import { type Secret, secretsFrom, secretUpdate } from '../shared/secrets';
import { StorageSettings } from './StorageSettings';

export interface StorageForm {
  dataDir: string;
  secrets: { postgresDsn: Secret };
}

/** Where incidents are stored: a PostgreSQL connection string (a secret), or SQLite's folder. */
export const storageSection: ConfigSection<StorageForm> = {
  key: 'storage',
  title: 'Storage',
  status: [{ key: 'storage' }],
  owns: ['dataDir'],
  fromSettings: (jsonData, stored) => ({
    dataDir: jsonData?.dataDir ?? '',
    secrets: secretsFrom(stored, ['postgresDsn']),
  }),
  toSettings: (form, stored) => ({
    jsonData: { dataDir: trimmed(form.dataDir) },
    secureJsonData: secretUpdate(stored, form.secrets),
  }),
  render: (props) => <StorageSettings {...props} />,
};
