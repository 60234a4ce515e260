import type { ReactNode } from 'react';

import type { AppJsonData, AppSecureJsonData } from '../../../api/client';
import type { FieldError } from '../../../api/types';
import type { StatusPart } from '../status/SectionStatusLine';
import type { StoredSecrets } from './secrets';

/** What one section contributes to a save. */
export interface SettingsPatch {
  /** Every key the section owns, undefined where the back end's default applies. */
  jsonData: Partial<AppJsonData>;
  /** Only the secrets being set or cleared (see secretChange). */
  secureJsonData?: AppSecureJsonData;
}

/** Why a section's settings cannot be sent yet: what the back end cannot check, or cannot even read. */
export interface SectionProblem {
  message: string;
  fields: FieldError[];
}

export interface SectionProps<F> {
  form: F;
  onChange: (change: Partial<F>) => void;
  /** The field errors under the jsonData keys this section owns (its own validate's, or the back end's). */
  errors: FieldError[];
  /**
   * The jsonData the page would save now, for fields that follow another section's edits
   * (diagnostics asks a DSN for each PostgreSQL target the catalog names).
   */
  settings: AppJsonData;
}

/**
 * One part of the configuration page: its form is loaded from the stored settings, edited as
 * typed, checked, and turned back into its part of the settings. The page only loops over
 * sections, so a section can move to a page of its own with nothing but this.
 */
export interface ConfigSection<F> {
  key: string;
  /** The header of its collapsible section; without one the section is a line of the page, always shown. */
  title?: string;
  /** The checks of GET /config/status its header reports (connection sections). */
  status?: readonly StatusPart[];
  /** The top-level jsonData keys it writes (Grafana replaces jsonData as a whole, so it writes all of them). */
  owns: ReadonlyArray<keyof AppJsonData>;
  fromSettings(jsonData: AppJsonData | undefined, stored: StoredSecrets | undefined): F;
  /** What must be right before the back end can check the settings. */
  validate?(form: F): SectionProblem | undefined;
  toSettings(form: F, stored: StoredSecrets | undefined): SettingsPatch;
  render(props: SectionProps<F>): ReactNode;
}
