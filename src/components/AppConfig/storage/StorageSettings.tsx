import React from 'react';
import { FieldSet } from '@grafana/ui';

import type { SectionProps } from '../shared/section';
import { SecretField } from '../shared/SecretField';
import { TextField } from '../shared/TextField';
import { SchedulerStatusLine } from './SchedulerStatusLine';
import type { StorageForm } from './storageSection';

/** Where incidents are stored: a shared PostgreSQL database, or SQLite beside Grafana. */
export function StorageSettings({ form, onChange }: SectionProps<StorageForm>) {
  return (
    <FieldSet>
      <SecretField
        id="warroom-postgres-dsn"
        label="PostgreSQL connection string"
        description="Set this when Grafana runs as several instances (HA) so they share one incident store. Stored encrypted by Grafana and never shown again. Leave empty to use SQLite. Prefer postgres_dsn under [plugin.warroom-incident-app] in grafana.ini: it wins over this field, and only then do escalations fire after a restart before anyone opens Warroom."
        placeholder="postgres://warroom:PASSWORD@db.example.com:5432/warroom?sslmode=require"
        secret={form.secrets.postgresDsn}
        onChange={(postgresDsn) => onChange({ secrets: { postgresDsn } })}
      />
      <TextField
        id="warroom-data-dir"
        label="SQLite data directory"
        description="Absolute path of the folder for warroom.db, used when no PostgreSQL connection string is set. Leave empty for data_dir under [plugin.warroom-incident-app] in grafana.ini, or else plugins-data/warroom beside Grafana's plugins folder (the default, which also wakes after a restart)."
        width={60}
        value={form.dataDir}
        placeholder="/var/lib/grafana/plugins-data/warroom"
        onChange={(dataDir) => onChange({ dataDir })}
      />
      <SchedulerStatusLine />
    </FieldSet>
  );
}
