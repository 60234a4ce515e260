import React from 'react';

import type { DataSourcePluginOptionsEditorProps } from '@grafana/data';
import { Field, Input, SecretInput, Stack, Text } from '@grafana/ui';

import type { IncidentsOptions, IncidentsSecureOptions } from './types';

type Props = DataSourcePluginOptionsEditorProps<IncidentsOptions, IncidentsSecureOptions>;

/**
 * The data source reads the app's store, so it takes the app's storage settings (Configuration →
 * Storage): leave both empty when the app uses its default SQLite file.
 */
export function ConfigEditor({ options, onOptionsChange }: Props) {
  const secureSet = options.secureJsonFields?.postgresDsn ?? false;
  return (
    <Stack direction="column" gap={2}>
      <Text color="secondary">
        Use the same storage as the Warroom app. Leave both fields empty when the app keeps its default SQLite file.
      </Text>
      <Field label="Data directory" description="The app's dataDir, when it sets one (SQLite file warroom.db in it)">
        <Input
          aria-label="Data directory"
          width={60}
          value={options.jsonData.dataDir ?? ''}
          onChange={(e) =>
            onOptionsChange({
              ...options,
              jsonData: { ...options.jsonData, dataDir: e.currentTarget.value || undefined },
            })
          }
        />
      </Field>
      <Field label="PostgreSQL DSN" description="The app's PostgreSQL store in HA set-ups; stored encrypted">
        <SecretInput
          aria-label="PostgreSQL DSN"
          width={60}
          isConfigured={secureSet}
          value={options.secureJsonData?.postgresDsn ?? ''}
          onChange={(e) =>
            onOptionsChange({
              ...options,
              secureJsonData: { ...options.secureJsonData, postgresDsn: e.currentTarget.value },
            })
          }
          onReset={() =>
            onOptionsChange({
              ...options,
              secureJsonFields: { ...options.secureJsonFields, postgresDsn: false },
              secureJsonData: { ...options.secureJsonData, postgresDsn: '' },
            })
          }
        />
      </Field>
    </Stack>
  );
}
