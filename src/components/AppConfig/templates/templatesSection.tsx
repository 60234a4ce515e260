import React from 'react';

import type { Template } from '../../../api/types';
import type { ConfigSection } from '../shared/section';
import { TemplatesEditor } from './TemplatesEditor';

export interface TemplatesForm {
  /** The templates saved in jsonData, which replace the defaults as a whole; undefined: the defaults. */
  overrides?: Template[];
  /** Whether the settings had no templates when loaded, so that GET /templates answers the defaults. */
  defaultsServed: boolean;
}

/** The status update templates, which replace the runbook's as a whole. */
export const templatesSection: ConfigSection<TemplatesForm> = {
  key: 'templates',
  title: 'Status update templates',
  owns: ['templates'],
  fromSettings: (jsonData) => {
    const stored = jsonData?.templates?.length ? jsonData.templates : undefined;
    return { overrides: stored, defaultsServed: !stored };
  },
  validate: (form) =>
    form.overrides?.some((t) => !t.body.trim())
      ? { message: 'Every status update template needs a body.', fields: [] }
      : undefined,
  toSettings: (form) => ({ jsonData: { templates: form.overrides } }),
  render: ({ form, onChange }) => (
    <TemplatesEditor
      overrides={form.overrides}
      defaultsServed={form.defaultsServed}
      onChange={(overrides) => onChange({ overrides })}
    />
  ),
};
