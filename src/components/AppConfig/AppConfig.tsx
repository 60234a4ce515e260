import React, { FormEvent, useState } from 'react';
import { css } from '@emotion/css';
import type { AppPluginMeta, GrafanaTheme2, PluginConfigPageProps } from '@grafana/data';
import { Alert, Button, Field, FieldSet, RadioButtonGroup, Stack, useStyles2 } from '@grafana/ui';

import { type AppJsonData, type AppSecureJsonData, updateAppSettings, validateSettings } from '../../api/client';
import { fieldRoot, toApiError } from '../../api/errors';
import type { FieldError, Template } from '../../api/types';
import { AlertSettings } from './AlertSettings';
import { CatalogSettings } from './CatalogSettings';
import {
  diagnosticsFormFrom,
  diagnosticsJsonData,
  postgresSecretsFrom,
  postgresSecretUpdate,
  postgresTargets,
} from './diagnosticsForm';
import { DiagnosticsSettings } from './DiagnosticsSettings';
import { channelSecretUpdate, channelsFrom, missingChannelSecrets, notificationsJsonData } from './NotificationsForm';
import { NotificationsSettings } from './NotificationsSettings';
import { PolicySection } from './PolicySection';
import { PrometheusSettings } from './PrometheusSettings';
import { type Secret, type SecretKey, secretsFrom, secretUpdate } from './secrets';
import { parseCatalog, secretInUse, signalFormFrom, signalJsonData, type SignalForm } from './signalForm';
import { StorageSettings } from './StorageSettings';
import { TemplatesEditor } from './TemplatesEditor';

export type AppConfigProps = PluginConfigPageProps<AppPluginMeta<AppJsonData>>;

const LABEL_OPTIONS = [
  { label: 'P1–P4', value: 'P' as const },
  { label: 'SEV1–SEV4', value: 'SEV' as const },
];

/** Why the last save stopped; `fields` are also shown at their inputs. */
interface Problem {
  message: string;
  fields: FieldError[];
  /** The back end could not check the settings (it may be down because of them): saving unchecked is offered. */
  unchecked?: boolean;
}

function AppConfig({ plugin }: AppConfigProps) {
  const s = useStyles2(getStyles);
  const { enabled, pinned, jsonData, secureJsonFields } = plugin.meta;
  const [dataDir, setDataDir] = useState(jsonData?.dataDir ?? '');
  const [severityLabels, setSeverityLabels] = useState<'P' | 'SEV'>(jsonData?.severityLabels ?? 'P');
  const [secrets, setSecrets] = useState(() => secretsFrom(secureJsonFields));
  const [signals, setSignals] = useState(() => signalFormFrom(jsonData));
  const storedTemplates = jsonData?.templates?.length ? jsonData.templates : undefined;
  const [templates, setTemplates] = useState<Template[] | undefined>(storedTemplates);
  const [diagnostics, setDiagnostics] = useState(() => diagnosticsFormFrom(jsonData?.diagnostics));
  const [postgresSecrets, setPostgresSecrets] = useState(() => postgresSecretsFrom(secureJsonFields));
  const [channels, setChannels] = useState(() => channelsFrom(jsonData?.notifications, secureJsonFields));
  const [saving, setSaving] = useState(false);
  const [problem, setProblem] = useState<Problem>();

  const setSecret = (key: SecretKey, secret: Secret) => setSecrets((all) => ({ ...all, [key]: secret }));
  const changeSignals = (change: Partial<SignalForm>) => setSignals((form) => ({ ...form, ...change }));
  const fields = problem?.fields ?? [];
  const errorAt = (path: string) =>
    fields
      .filter((f) => f.path === path)
      .map((f) => f.message)
      .join('; ') || undefined;

  const save = async (check: boolean) => {
    if (templates?.some((t) => !t.body.trim())) {
      setProblem({ message: 'Every status update template needs a body.', fields: [] });
      return;
    }
    const catalog = parseCatalog(signals.catalog);
    if ('error' in catalog) {
      setProblem({
        message: 'The service catalog cannot be read.',
        fields: [{ path: 'services', message: catalog.error }],
      });
      return;
    }
    const diagnosticsData = diagnosticsJsonData(diagnostics);
    if ('error' in diagnosticsData) {
      setProblem({
        message: 'The runbook overrides cannot be read.',
        fields: [{ path: 'diagnostics.runbooks', message: diagnosticsData.error }],
      });
      return;
    }
    const channelSecretsMissing = missingChannelSecrets(channels);
    if (channelSecretsMissing.length > 0) {
      setProblem({ message: 'A notification channel is missing a secret.', fields: channelSecretsMissing });
      return;
    }
    // Grafana replaces jsonData as a whole, so everything kept in it is sent every time.
    const data: AppJsonData = {
      dataDir: dataDir.trim() || undefined,
      severityLabels,
      templates,
      ...signalJsonData(signals, catalog.services),
      diagnostics: diagnosticsData.data,
      notifications: notificationsJsonData(channels),
    };
    setSaving(true);
    setProblem(undefined);
    if (check) {
      try {
        await validateSettings(data);
      } catch (err) {
        const apiError = toApiError(err);
        setSaving(false);
        // Only a 400 means the settings are wrong. Any other failure may be the back end unable to start
        // (a store it cannot open fails every resource call), and these settings are how an admin fixes that.
        setProblem(
          apiError.code === 'invalid_request'
            ? { message: apiError.message, fields: apiError.fields }
            : {
                message: `Warroom could not check them (${apiError.message}). You can save them unchecked, for instance to fix the storage Warroom needs to start.`,
                fields: [],
                unchecked: true,
              }
        );
        return;
      }
    }
    try {
      await updateAppSettings({
        enabled,
        pinned,
        jsonData: data,
        secureJsonData: withPostgresSecrets(
          secretUpdate(
            secureJsonFields,
            secrets,
            // AWS keys typed while another auth type is chosen are not sent.
            (key) => secretInUse(signals, key) && (diagnostics.authType === 'keys' || !key.startsWith('aws'))
          ),
          {
            ...postgresSecretUpdate(secureJsonFields, postgresSecrets),
            ...channelSecretUpdate(secureJsonFields, channels),
          }
        ),
      });
      // Grafana hands plugins their settings at load time; a reload is the supported way to apply new ones.
      window.location.reload();
    } catch (err) {
      setProblem({ message: toApiError(err).message, fields: [] });
      setSaving(false);
    }
  };

  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    void save(true);
  };

  return (
    <div className={s.page}>
      <form onSubmit={onSubmit} className={s.form} aria-label="Settings">
        <StorageSettings
          dsn={secrets.postgresDsn}
          onDsn={(dsn) => setSecret('postgresDsn', dsn)}
          dataDir={dataDir}
          onDataDir={setDataDir}
        />
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
        <PrometheusSettings
          form={signals}
          onChange={changeSignals}
          secrets={secrets}
          onSecret={setSecret}
          errorAt={errorAt}
        />
        <CatalogSettings
          form={signals}
          onChange={changeSignals}
          catalogErrors={fields.filter((f) => fieldRoot(f.path) === 'services')}
          errorAt={errorAt}
        />
        <AlertSettings
          webhookSecret={secrets.alertWebhookSecret}
          onWebhookSecret={(secret) => setSecret('alertWebhookSecret', secret)}
          reevaluateEvery={signals.reevaluateEvery}
          onReevaluateEvery={(reevaluateEvery) => changeSignals({ reevaluateEvery })}
          errorAt={errorAt}
        />
        <DiagnosticsSettings
          form={diagnostics}
          onChange={(change) => setDiagnostics((form) => ({ ...form, ...change }))}
          accessKey={secrets.awsAccessKey}
          secretKey={secrets.awsSecretKey}
          onAccessKey={(secret) => setSecret('awsAccessKey', secret)}
          onSecretKey={(secret) => setSecret('awsSecretKey', secret)}
          postgresTargets={postgresTargetsOf(signals.catalog)}
          postgresSecrets={postgresSecrets}
          onPostgresSecret={(name, secret) => setPostgresSecrets((all) => ({ ...all, [name]: secret }))}
          errorAt={errorAt}
        />
        <NotificationsSettings channels={channels} onChange={setChannels} errorAt={errorAt} />
        {problem && (
          <Alert severity="error" title="Settings were not saved">
            {problem.message}
            {fields.length > 0 && (
              <ul>
                {fields.map((f, i) => (
                  <li key={i}>
                    <code>{f.path || '(settings)'}</code>: {f.message}
                  </li>
                ))}
              </ul>
            )}
          </Alert>
        )}
        <Stack>
          <Button type="submit" disabled={saving}>
            {saving ? 'Saving…' : 'Save settings'}
          </Button>
          {problem?.unchecked && (
            <Button variant="secondary" disabled={saving} onClick={() => void save(false)}>
              Save without checking
            </Button>
          )}
        </Stack>
      </form>
      <PolicySection />
    </div>
  );
}

export default AppConfig;

/** The catalog's PostgreSQL target names; none while the catalog text cannot be read. */
function postgresTargetsOf(catalogText: string): string[] {
  const catalog = parseCatalog(catalogText);
  return 'error' in catalog ? [] : postgresTargets(catalog.services);
}

function withPostgresSecrets(
  update: AppSecureJsonData | undefined,
  postgres: Record<string, string>
): AppSecureJsonData | undefined {
  const merged: AppSecureJsonData = { ...update, ...postgres };
  return Object.keys(merged).length > 0 ? merged : undefined;
}

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
