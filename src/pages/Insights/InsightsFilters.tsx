import React from 'react';
import type { SelectableValue } from '@grafana/data';
import { Combobox, type ComboboxOption, Field, RadioButtonGroup, Stack } from '@grafana/ui';

import type { InsightsQuery, Severity } from '../../api/types';
import { SEVERITIES, severityLabel } from '../../incident/severity';
import { useSeverityLabelStyle } from '../../incident/useSeverityLabelStyle';
import { browserZone, lastDays, RANGE_DAYS, type RangeDays } from '../../insights/range';

/** What the Insights page measures and how it cuts it; empty strings mean "any". */
export interface InsightsControls {
  service: string;
  severity: '' | Severity;
  days: RangeDays;
  groupBy: 'severity' | 'service';
  bucket: 'week' | 'month';
}

export const DEFAULT_INSIGHTS: InsightsControls = {
  service: '',
  severity: '',
  days: 90,
  groupBy: 'severity',
  bucket: 'week',
};

/** The query the controls ask for, over whole days up to today in the browser's zone. */
export function insightsQueryOf(c: InsightsControls, now: Date, tz = browserZone()): InsightsQuery {
  return {
    ...lastDays(c.days, now),
    services: c.service ? [c.service] : undefined,
    severities: c.severity ? [c.severity] : undefined,
    groupBy: c.groupBy,
    bucket: c.bucket,
    tz,
  };
}

const RANGE_OPTIONS = RANGE_DAYS.map((d) => ({ label: `Last ${d} days`, value: d }));
const GROUP_OPTIONS: Array<SelectableValue<InsightsControls['groupBy']>> = [
  { label: 'Severity', value: 'severity' },
  { label: 'Service', value: 'service' },
];
const BUCKET_OPTIONS: Array<SelectableValue<InsightsControls['bucket']>> = [
  { label: 'Week', value: 'week' },
  { label: 'Month', value: 'month' },
];

interface Props {
  value: InsightsControls;
  /** The catalogued services (the catalog the app's settings carry). */
  services: string[];
  onChange: (patch: Partial<InsightsControls>) => void;
}

/** Every control applies as soon as it is chosen: the report is one request. */
export function InsightsFilters({ value, services, onChange }: Props) {
  const labelStyle = useSeverityLabelStyle();
  const serviceOptions: Array<ComboboxOption<string>> = [
    { label: 'All services', value: '' },
    ...services.map((s) => ({ label: s, value: s })),
  ];
  const severityOptions: Array<SelectableValue<InsightsControls['severity']>> = [
    { label: 'Any', value: '' },
    ...SEVERITIES.map((s) => ({ label: severityLabel(s, labelStyle), value: s })),
  ];
  return (
    <Stack gap={2} wrap="wrap" alignItems="flex-end">
      <Field label="Service" noMargin>
        <Combobox
          id="insights-filter-service"
          width={24}
          options={serviceOptions}
          value={value.service}
          onChange={(o) => onChange({ service: o.value })}
        />
      </Field>
      <Field label="Severity" noMargin>
        <RadioButtonGroup
          id="insights-filter-severity"
          options={severityOptions}
          value={value.severity}
          onChange={(severity) => onChange({ severity })}
        />
      </Field>
      <Field label="Range" noMargin>
        <RadioButtonGroup
          id="insights-filter-range"
          options={RANGE_OPTIONS}
          value={value.days}
          onChange={(days) => onChange({ days })}
        />
      </Field>
      <Field label="Group by" noMargin>
        <RadioButtonGroup
          id="insights-group-by"
          options={GROUP_OPTIONS}
          value={value.groupBy}
          onChange={(groupBy) => onChange({ groupBy })}
        />
      </Field>
      <Field label="Per" noMargin>
        <RadioButtonGroup
          id="insights-bucket"
          options={BUCKET_OPTIONS}
          value={value.bucket}
          onChange={(bucket) => onChange({ bucket })}
        />
      </Field>
    </Stack>
  );
}
