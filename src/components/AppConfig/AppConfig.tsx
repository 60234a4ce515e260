import React, { FormEvent, useState } from 'react';
import { css } from '@emotion/css';
import type { AppPluginMeta, GrafanaTheme2, PluginConfigPageProps } from '@grafana/data';
import { Alert, Button, Field, FieldSet, Input, RadioButtonGroup, SecretInput, useStyles2 } from '@grafana/ui';

import { type AppJsonData, type AppSecureJsonData, updateAppSettings } from '../../api/client';
import { toApiError } from '../../api/errors';
import type { Template } from '../../api/types';
import { PolicySection } from './PolicySection';
import { TemplatesEditor } from './TemplatesEditor';

export type AppConfigProps = PluginConfigPageProps<AppPluginMeta<AppJsonData>>;

const LABEL_OPTIONS = [
  { label: 'P1–P4', value: 'P' as const },
  { label: 'SEV1–SEV4', value: 'SEV' as const },
];

function AppConfig({ plugin }: AppConfigProps) {
  const s = useStyles2(getStyles);
  const { enabled, pinned, jsonData, secureJsonFields } = plugin.meta;
  const [dataDir, setDataDir] = useState(jsonData?.dataDir ?? '');
  const [severityLabels, setSeverityLabels] = useState<'P' | 'SEV'>(jsonData?.severityLabels ?? 'P');
  const [dsnConfigured, setDsnConfigured] = useState(Boolean(secureJsonFields?.postgresDsn));
  const [dsn, setDsn] = useState('');
  const storedTemplates = jsonData?.templates?.length ? jsonData.templates : undefined;
  const [templates, setTemplates] = useState<Template[] | undefined>(storedTemplates);
  const [saving, setSaving] = useState(false);
  const [error, setError] = useState<string>();

  const onSubmit = async (event: FormEvent) => {
    event.preventDefault();
    if (templates?.some((t) => !t.body.trim())) {
      setError('Every status update template needs a body.');
      return;
    }
    setSaving(true);
    setError(undefined);
    try {
      await updateAppSettings({
        enabled,
        pinned,
        // Grafana replaces jsonData as a whole, so everything kept in it is sent every time.
        jsonData: { dataDir: dataDir.trim() || undefined, severityLabels, templates },
        secureJsonData: secretUpdate(Boolean(secureJsonFields?.postgresDsn), dsnConfigured, dsn),
      });
      // Grafana hands plugins their settings at load time; a reload is the supported way to apply new ones.
      window.location.reload();
    } catch (err) {
      setError(toApiError(err).message);
      setSaving(false);
    }
  };

  return (
    <div className={s.page}>
      <form onSubmit={onSubmit} className={s.form}>
        <FieldSet label="Storage">
          <Field
            label="PostgreSQL connection string"
            description="Set this when Grafana runs as several instances (HA) so they share one incident store. Stored encrypted by Grafana and never shown again. Leave empty to use SQLite."
          >
            <SecretInput
              id="warroom-postgres-dsn"
              width={60}
              value={dsn}
              isConfigured={dsnConfigured}
              placeholder="postgres://warroom:PASSWORD@db.example.com:5432/warroom?sslmode=require"
              onChange={(e) => setDsn(e.currentTarget.value)}
              onReset={() => {
                setDsnConfigured(false);
                setDsn('');
              }}
            />
          </Field>
          <Field
            label="SQLite data directory"
            description="Absolute path of the folder for warroom.db, used when no PostgreSQL connection string is set. Leave empty to keep it beside Grafana's own data."
          >
            <Input
              id="warroom-data-dir"
              width={60}
              value={dataDir}
              placeholder="/var/lib/grafana/plugins-data/warroom"
              onChange={(e) => setDataDir(e.currentTarget.value)}
            />
          </Field>
        </FieldSet>
        <FieldSet label="Display">
          <Field
            label="Severity labels"
            description="Show severities as P1–P4 or as SEV1–SEV4. Stored incidents do not change."
          >
            <RadioButtonGroup
              id="warroom-severity-labels"
              options={LABEL_OPTIONS}
              value={severityLabels}
              onChange={setSeverityLabels}
            />
          </Field>
        </FieldSet>
        <FieldSet label="Communication">
          <TemplatesEditor overrides={templates} defaultsServed={!storedTemplates} onChange={setTemplates} />
        </FieldSet>
        {error && (
          <Alert severity="error" title="Settings were not saved">
            {error}
          </Alert>
        )}
        <Button type="submit" disabled={saving}>
          {saving ? 'Saving…' : 'Save settings'}
        </Button>
      </form>
      <PolicySection />
    </div>
  );
}

/**
 * What to send for the DSN: nothing when the stored secret is kept (Grafana
 * never returns it, so sending nothing preserves it), an empty value when the
 * admin reset it, the new value when one was typed.
 */
function secretUpdate(wasConfigured: boolean, stillConfigured: boolean, typed: string): AppSecureJsonData | undefined {
  if (stillConfigured) {
    return undefined;
  }
  const value = typed.trim();
  if (value !== '') {
    return { postgresDsn: value };
  }
  return wasConfigured ? { postgresDsn: '' } : undefined;
}

export default AppConfig;

const getStyles = (theme: GrafanaTheme2) => ({
  page: css({
    display: 'flex',
    flexDirection: 'column',
    gap: theme.spacing(6),
  }),
  form: css({
    maxWidth: theme.breakpoints.values.md,
    display: 'flex',
    flexDirection: 'column',
    gap: theme.spacing(2),
  }),
});
