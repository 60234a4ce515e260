import React from 'react';

import { Combobox, type ComboboxOption, InlineField, InlineFieldRow, Input } from '@grafana/ui';

import type { Severity } from '../api/types';
import type { IncidentsQuery } from './types';

const SEVERITIES: Array<ComboboxOption<Severity>> = (['P1', 'P2', 'P3', 'P4'] as Severity[]).map((s) => ({
  value: s,
  label: s,
}));

/** Filters shared by the panel query editor and the annotation editor. */
export function IncidentQueryFilters({
  query,
  onChange,
}: {
  query: IncidentsQuery;
  onChange: (q: IncidentsQuery) => void;
}) {
  // Typed filters apply when the field loses focus; empty means any.
  const text = (key: 'service' | 'tag') => ({
    value: query[key],
    onChange: (typed: string) => onChange({ ...query, [key]: typed.trim() || undefined }),
  });
  return (
    <InlineFieldRow>
      <TextFilter
        label="Service"
        labelWidth={12}
        width={20}
        tooltip="Only incidents that affect this catalog service"
        {...text('service')}
      />
      <InlineField label="Severity" labelWidth={12} tooltip="Only incidents at this severity now">
        <Combobox<Severity>
          aria-label="Severity"
          width={14}
          isClearable
          placeholder="any"
          options={SEVERITIES}
          value={(query.severity as Severity | undefined) ?? null}
          onChange={(v) => onChange({ ...query, severity: v?.value })}
        />
      </InlineField>
      <TextFilter
        label="Tag"
        labelWidth={8}
        width={24}
        tooltip="warroom, an incident id (INC-…), a severity or a service name"
        {...text('tag')}
      />
    </InlineFieldRow>
  );
}

interface TextFilterProps {
  label: string;
  labelWidth: number;
  width: number;
  tooltip: string;
  value?: string;
  onChange: (typed: string) => void;
}

/** A typed filter, labelled by its label for screen readers too. */
function TextFilter({ label, labelWidth, width, tooltip, value, onChange }: TextFilterProps) {
  return (
    <InlineField label={label} labelWidth={labelWidth} tooltip={tooltip}>
      <Input
        aria-label={label}
        width={width}
        placeholder="any"
        defaultValue={value ?? ''}
        onBlur={(e) => onChange(e.currentTarget.value)}
      />
    </InlineField>
  );
}
