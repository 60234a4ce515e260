import React, { useState } from 'react';
import { Combobox, Field, Input, RadioButtonGroup, Stack } from '@grafana/ui';

import type { Severity, SortKey, SortOrder, Status } from '../../api/types';
import { SEVERITIES, severityLabel } from '../../incident/severity';
import { ACTIVE_STATUSES, STATUS_LABEL, STATUSES } from '../../incident/status';
import { useSeverityLabelStyle } from '../../incident/useSeverityLabelStyle';

/** What the list page filters and sorts by; empty strings mean "any". */
export interface ListControls {
  status: 'active' | 'all' | Status;
  severity: '' | Severity;
  service: string;
  /** How far back incidents were declared; `from` is fixed when the window is chosen. */
  declared: DeclaredWindow;
  from?: string;
  sort: SortKey;
  order: SortOrder;
}

export const DEFAULT_CONTROLS: ListControls = {
  status: 'active',
  severity: '',
  service: '',
  declared: '',
  sort: 'created',
  order: 'desc',
};

export function statusesFor(status: ListControls['status']): Status[] | undefined {
  if (status === 'active') {
    return ACTIVE_STATUSES;
  }
  return status === 'all' ? undefined : [status];
}

const STATUS_OPTIONS = [
  { label: 'Active', value: 'active', description: 'Investigating, identified or monitoring' },
  { label: 'All', value: 'all' },
  ...STATUSES.map((s) => ({ label: STATUS_LABEL[s], value: s })),
];

type DeclaredWindow = '' | '24h' | '7d' | '30d';

const DECLARED_OPTIONS: Array<{ label: string; value: DeclaredWindow }> = [
  { label: 'Any time', value: '' },
  { label: 'Last 24 hours', value: '24h' },
  { label: 'Last 7 days', value: '7d' },
  { label: 'Last 30 days', value: '30d' },
];

const WINDOW_MS: Record<Exclude<DeclaredWindow, ''>, number> = {
  '24h': 24 * 3600_000,
  '7d': 7 * 24 * 3600_000,
  '30d': 30 * 24 * 3600_000,
};

/** The RFC 3339 start of a window, measured back from `now`. */
export function windowStart(declared: DeclaredWindow, now: number = Date.now()): string | undefined {
  return declared ? new Date(now - WINDOW_MS[declared]).toISOString() : undefined;
}

const SORT_OPTIONS: Array<{ label: string; value: SortKey }> = [
  { label: 'Created', value: 'created' },
  { label: 'Updated', value: 'updated' },
  { label: 'Severity', value: 'severity' },
];

const ORDER_OPTIONS: Array<{ label: string; value: SortOrder; description: string }> = [
  { label: 'Desc', value: 'desc', description: 'Newest (or most severe) first' },
  { label: 'Asc', value: 'asc', description: 'Oldest (or least severe) first' },
];

interface Props {
  value: ListControls;
  onChange: (next: ListControls) => void;
}

export function IncidentListFilters({ value, onChange }: Props) {
  const labelStyle = useSeverityLabelStyle();
  // The service filter applies on Enter or when the field loses focus, not on every keystroke.
  const [service, setService] = useState(value.service);
  const applyService = () => {
    if (service.trim() !== value.service) {
      onChange({ ...value, service: service.trim() });
    }
  };
  const severityOptions = [
    { label: 'Any', value: '' as const },
    ...SEVERITIES.map((s) => ({ label: severityLabel(s, labelStyle), value: s })),
  ];

  return (
    <Stack gap={2} wrap="wrap" alignItems="flex-end">
      <Field label="Status" noMargin>
        <Combobox
          id="incident-filter-status"
          width={24}
          options={STATUS_OPTIONS}
          value={value.status}
          onChange={(o) => onChange({ ...value, status: o.value as ListControls['status'] })}
        />
      </Field>
      <Field label="Severity" noMargin>
        <RadioButtonGroup
          id="incident-filter-severity"
          options={severityOptions}
          value={value.severity}
          onChange={(severity) => onChange({ ...value, severity })}
        />
      </Field>
      <Field label="Service" noMargin>
        <Input
          id="incident-filter-service"
          width={24}
          placeholder="e.g. checkout-api"
          value={service}
          onChange={(e) => setService(e.currentTarget.value)}
          onBlur={applyService}
          onKeyDown={(e) => e.key === 'Enter' && applyService()}
        />
      </Field>
      <Field label="Declared" noMargin>
        <Combobox
          id="incident-filter-declared"
          width={18}
          options={DECLARED_OPTIONS}
          value={value.declared}
          onChange={(o) => onChange({ ...value, declared: o.value, from: windowStart(o.value) })}
        />
      </Field>
      <Field label="Sort by" noMargin>
        <Combobox
          id="incident-sort"
          width={16}
          options={SORT_OPTIONS}
          value={value.sort}
          onChange={(o) => onChange({ ...value, sort: o.value })}
        />
      </Field>
      <Field label="Order" noMargin>
        <RadioButtonGroup
          id="incident-order"
          options={ORDER_OPTIONS}
          value={value.order}
          onChange={(order) => onChange({ ...value, order })}
        />
      </Field>
    </Stack>
  );
}
