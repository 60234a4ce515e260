import type { AppJsonData, AppSecureJsonData } from '../../api/client';
import { fieldRoot } from '../../api/errors';
import type { FieldError } from '../../api/types';
import { alertsSection } from './alerts/alertsSection';
import { catalogSection } from './catalog/catalogSection';
import { diagnosticsSection } from './diagnostics/diagnosticsSection';
import { displaySection } from './display/displaySection';
import { prometheusSection } from './metrics/prometheusSection';
import { notificationsSection } from './notifications/notificationsSection';
import { pagingSection } from './paging/pagingSection';
import type { ConfigSection, SectionProblem } from './shared/section';
import type { StoredSecrets } from './shared/secrets';
import { storageSection } from './storage/storageSection';
import { templatesSection } from './templates/templatesSection';

/** The sections of the settings form, in page order: the connections first, then how things look and read. */
export const SETTINGS_SECTIONS: ReadonlyArray<ConfigSection<unknown>> = [
  storageSection,
  prometheusSection,
  catalogSection,
  diagnosticsSection,
  notificationsSection,
  pagingSection,
  alertsSection,
  displaySection,
  templatesSection,
];

/** Each section's form, by section key. */
export type SectionForms = Record<string, unknown>;

export function formsFrom(jsonData: AppJsonData | undefined, stored: StoredSecrets | undefined): SectionForms {
  return Object.fromEntries(SETTINGS_SECTIONS.map((s) => [s.key, s.fromSettings(jsonData, stored)]));
}

/** Why the settings cannot be sent yet, from every section at once; undefined when they can. */
export function problemOf(forms: SectionForms): SectionProblem | undefined {
  const problems = SETTINGS_SECTIONS.flatMap((s) => s.validate?.(forms[s.key]) ?? []);
  if (problems.length === 0) {
    return undefined;
  }
  return { message: problems.map((p) => p.message).join(' '), fields: problems.flatMap((p) => p.fields) };
}

/**
 * The settings to save. Grafana replaces jsonData as a whole, so every section's part is sent every
 * time; secureJsonData holds only the secrets being set or cleared, and is left out when there are none.
 */
export function settingsOf(
  forms: SectionForms,
  stored: StoredSecrets | undefined
): { jsonData: AppJsonData; secureJsonData?: AppSecureJsonData } {
  const patches = SETTINGS_SECTIONS.map((s) => s.toSettings(forms[s.key], stored));
  const jsonData: AppJsonData = Object.assign({}, ...patches.map((p) => p.jsonData));
  const secureJsonData: AppSecureJsonData = Object.assign({}, ...patches.map((p) => p.secureJsonData));
  return { jsonData, secureJsonData: Object.keys(secureJsonData).length > 0 ? secureJsonData : undefined };
}

/** The field errors `section` shows: those under the jsonData keys it owns. */
export function errorsOf(section: ConfigSection<unknown>, fields: FieldError[]): FieldError[] {
  const owned: readonly string[] = section.owns;
  return fields.filter((f) => owned.includes(fieldRoot(f.path)));
}
