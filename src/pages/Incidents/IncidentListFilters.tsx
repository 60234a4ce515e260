import React, { useState } from 'react';
import type { SelectableValue } from '@grafana/data';
import { Combobox, type ComboboxOption, Field, Input, RadioButtonGroup, Stack } from '@grafana/ui';

import type { Severity, SortKey, SortOrder, Status } from '../../api/types';
import { SEVERITIES, severityLabel } from '../../incident/severity';
import { ACTIVE_STATUSES, STATUS_LABEL, STATUSES } from '../../incident/status';
import { useSeverityLabelStyle } from '../../incident/useSeverityLabelStyle';

/** What the list page filters and sorts by (sorting from the column headers); empty strings mean "any". */
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
  // Triage order: P1 first, the oldest first within a level (the store's severity order).
  sort: 'severity',
  order: 'desc',
};

/** Whether any filter (not the sort) narrows the list. */
export function isFiltered(controls: ListControls): boolean {
  const d = DEFAULT_CONTROLS;
  return (
    controls.status !== d.status ||
    controls.severity !== d.severity ||
    controls.service !== d.service ||
    controls.declared !== d.declared
  );
}

export function statusesFor(status: ListControls['status']): Status[] | undefined {
  if (status === 'active') {
    return ACTIVE_STATUSES;
  }
  return status === 'all' ? undefined : [status];
}

const STATUS_OPTIONS: Array<ComboboxOption<ListControls['status']>> = [
  { label: 'Active', value: 'active', description: 'Investigating, identified or monitoring' },
  { label: 'All', value: 'all' },
  ...STATUSES.map((s) => ({ label: STATUS_LABEL[s], value: s })),
];

export const DECLARED_WINDOWS = ['', '24h', '7d', '30d'] as const;
type DeclaredWindow = (typeof DECLARED_WINDOWS)[number];

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

interface Props {
  value: ListControls;
  /** The keys a control changed; the page merges them into the newest view (see IncidentsPage). */
  onChange: (patch: Partial<ListControls>) => void;
}

export function IncidentListFilters({ value, onChange }: Props) {
  const labelStyle = useSeverityLabelStyle();
  // The service filter applies on Enter or when the field loses focus, not on every keystroke.
  const [service, setService] = useState(value.service);
  const applyService = () => {
    if (service.trim() !== value.service) {
      onChange({ service: service.trim() });
    }
  };
  const severityOptions = [
    { label: 'Any', value: '' as const },
    ...SEVERITIES.map((s) => ({ label: severityLabel(s, labelStyle), value: s })),
  ];

  // Every control but the service field sets one key as soon as it is chosen.
  const bind = <K extends 'status' | 'severity'>(key: K) => ({
    value: value[key],
    onChange: (v: ListControls[K]) => onChange({ [key]: v }),
  });

  return (
    <Stack gap={2} wrap="wrap" alignItems="flex-end">
      <ComboFilter label="Status" id="incident-filter-status" width={24} options={STATUS_OPTIONS} {...bind('status')} />
      <RadioFilter label="Severity" id="incident-filter-severity" options={severityOptions} {...bind('severity')} />
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
      <ComboFilter
        label="Declared"
        id="incident-filter-declared"
        width={18}
        options={DECLARED_OPTIONS}
        value={value.declared}
        onChange={(declared) => onChange({ declared, from: windowStart(declared) })}
      />
    </Stack>
  );
}

interface FilterProps<T> {
  label: string;
  id: string;
  value: T;
  onChange: (value: T) => void;
}

/** A filter picked from a list. */
function ComboFilter<T extends string>({
  label,
  onChange,
  ...combo
}: FilterProps<T> & { width: number; options: Array<ComboboxOption<T>> }) {
  return (
    <Field label={label} noMargin>
      <Combobox {...combo} onChange={(o) => onChange(o.value)} />
    </Field>
  );
}

/** A filter of a few choices, all in view. */
function RadioFilter<T>({ label, ...radio }: FilterProps<T> & { options: Array<SelectableValue<T>> }) {
  return (
    <Field label={label} noMargin>
      <RadioButtonGroup {...radio} />
    </Field>
  );
}
