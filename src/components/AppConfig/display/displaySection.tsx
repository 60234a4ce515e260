import React from 'react';
import { Field, FieldSet, RadioButtonGroup } from '@grafana/ui';

import type { ConfigSection, SectionProps } from '../shared/section';

const LABEL_OPTIONS = [
  { label: 'P1–P4', value: 'P' as const },
  { label: 'SEV1–SEV4', value: 'SEV' as const },
];

export interface DisplayForm {
  severityLabels: 'P' | 'SEV';
}

function DisplaySettings({ form, onChange }: SectionProps<DisplayForm>) {
  return (
    <FieldSet>
      <Field
        label="Severity labels"
        description="Show severities as P1–P4 or as SEV1–SEV4. Stored incidents do not change."
      >
        <RadioButtonGroup
          id="warroom-severity-labels"
          options={LABEL_OPTIONS}
          value={form.severityLabels}
          onChange={(severityLabels) => onChange({ severityLabels })}
        />
      </Field>
    </FieldSet>
  );
}

/** How severities are named on every page. */
export const displaySection: ConfigSection<DisplayForm> = {
  key: 'display',
  title: 'Display',
  owns: ['severityLabels'],
  fromSettings: (jsonData) => ({ severityLabels: jsonData?.severityLabels ?? 'P' }),
  toSettings: (form) => ({ jsonData: { severityLabels: form.severityLabels } }),
  render: (props) => <DisplaySettings {...props} />,
};
