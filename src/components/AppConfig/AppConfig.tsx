import React, { FormEvent, Fragment, useState } from 'react';
import { css } from '@emotion/css';
import type { AppPluginMeta, GrafanaTheme2, PluginConfigPageProps } from '@grafana/data';
import { Alert, Button, Stack, useStyles2 } from '@grafana/ui';

import { type AppJsonData, updateAppSettings, validateSettings } from '../../api/client';
import { toApiError } from '../../api/errors';
import { PolicySection } from './policy/PolicySection';
import { errorsOf, formsFrom, type SectionForms, settingsOf, problemOf, SETTINGS_SECTIONS } from './sections';
import { FieldErrorList } from './shared/fieldErrors';
import type { SectionProblem } from './shared/section';

export type AppConfigProps = PluginConfigPageProps<AppPluginMeta<AppJsonData>>;

/** Why the last save stopped; `fields` are also shown at their inputs. */
interface Problem extends SectionProblem {
  /** The back end could not check the settings (it may be down because of them): saving unchecked is offered. */
  unchecked?: boolean;
}

function AppConfig({ plugin }: AppConfigProps) {
  const s = useStyles2(getStyles);
  const { enabled, pinned, jsonData, secureJsonFields } = plugin.meta;
  const [forms, setForms] = useState<SectionForms>(() => formsFrom(jsonData, secureJsonFields));
  const [saving, setSaving] = useState(false);
  const [problem, setProblem] = useState<Problem>();

  const fields = problem?.fields ?? [];
  const settings = settingsOf(forms, secureJsonFields);
  const changeSection = (key: string, change: object) =>
    setForms((all) => ({ ...all, [key]: { ...(all[key] as object), ...change } }));

  const save = async (check: boolean) => {
    const invalid = problemOf(forms);
    if (invalid) {
      setProblem(invalid);
      return;
    }
    setSaving(true);
    setProblem(undefined);
    if (check) {
      try {
        await validateSettings(settings.jsonData);
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
      await updateAppSettings({ enabled, pinned, ...settings });
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
        {SETTINGS_SECTIONS.map((section) => (
          <Fragment key={section.key}>
            {section.render({
              form: forms[section.key],
              onChange: (change) => changeSection(section.key, change),
              errors: errorsOf(section, fields),
              settings: settings.jsonData,
            })}
          </Fragment>
        ))}
        {problem && (
          <Alert severity="error" title="Settings were not saved">
            {problem.message}
            <FieldErrorList fields={fields} whole="(settings)" />
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
