import React, { FormEvent, Fragment, useState } from 'react';
import { css } from '@emotion/css';
import type { AppPluginMeta, GrafanaTheme2, PluginConfigPageProps } from '@grafana/data';
import { Alert, Button, LinkButton, Stack, useStyles2 } from '@grafana/ui';

import { type AppJsonData, updateAppSettings, validateSettings } from '../../api/client';
import { toApiError } from '../../api/errors';
import { prefixRoute, ROUTES } from '../../constants';
import { errorsOf, formsFrom, type SectionForms, settingsOf, problemOf, SETTINGS_SECTIONS } from './sections';
import { FieldErrorList } from './shared/fieldErrors';
import type { SectionProblem } from './shared/section';
import { SettingsSection } from './shared/SettingsSection';
import { hasStatusError, SectionStatusLine } from './status/SectionStatusLine';
import { useConfigStatus } from './status/useConfigStatus';

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
  const [problem, setProblemState] = useState<Problem>();
  // Sections opened or closed by hand; the others are open exactly when they have a problem.
  const [toggled, setToggled] = useState<Record<string, boolean>>({});
  const status = useConfigStatus();

  const fields = problem?.fields ?? [];
  const settings = settingsOf(forms, secureJsonFields);
  const changeSection = (key: string, change: object) =>
    setForms((all) => ({ ...all, [key]: { ...(all[key] as object), ...change } }));

  const setProblem = (next: Problem | undefined) => {
    setProblemState(next);
    // A new problem opens the sections it names, even one closed by hand.
    const named = SETTINGS_SECTIONS.filter((section) => errorsOf(section, next?.fields ?? []).length > 0);
    setToggled((all) => Object.fromEntries(Object.entries(all).filter(([key]) => !named.some((n) => n.key === key))));
  };
  const isOpen = (section: (typeof SETTINGS_SECTIONS)[number]) =>
    toggled[section.key] ?? (errorsOf(section, fields).length > 0 || hasStatusError(status.data, section.status ?? []));

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
        <Stack justifyContent="space-between" alignItems="center" wrap="wrap">
          <span>The status lines check the saved settings. The severity policy has its own page.</span>
          <Stack gap={1}>
            <LinkButton size="sm" variant="secondary" fill="text" icon="sitemap" href={prefixRoute(ROUTES.Policy)}>
              Severity policy
            </LinkButton>
            <Button
              size="sm"
              variant="secondary"
              fill="text"
              icon="sync"
              disabled={status.loading}
              onClick={status.reload}
            >
              Check again
            </Button>
          </Stack>
        </Stack>
        {status.error && (
          <Alert severity="warning" title="Could not check the connections">
            {status.error.message}
          </Alert>
        )}
        {SETTINGS_SECTIONS.map((section) => {
          const body = section.render({
            form: forms[section.key],
            onChange: (change) => changeSection(section.key, change),
            errors: errorsOf(section, fields),
            settings: settings.jsonData,
          });
          if (!section.title) {
            return <Fragment key={section.key}>{body}</Fragment>;
          }
          return (
            <SettingsSection
              key={section.key}
              title={section.title}
              status={section.status && <SectionStatusLine status={status} parts={section.status} />}
              isOpen={isOpen(section)}
              onToggle={(open) => setToggled((all) => ({ ...all, [section.key]: open }))}
            >
              {body}
            </SettingsSection>
          );
        })}
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
