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
  return (
    <InlineFieldRow>
      <InlineField label="Service" labelWidth={12} tooltip="Only incidents that affect this catalog service">
        <Input
          aria-label="Service"
          width={20}
          placeholder="any"
          defaultValue={query.service ?? ''}
          onBlur={(e) => onChange({ ...query, service: e.currentTarget.value.trim() || undefined })}
        />
      </InlineField>
      <InlineField label="Severity" labelWidth={12} tooltip="Only incidents at this severity now">
        <Combobox<Severity>
          aria-label="Severity"
          width={14}
          isClearable
          placeholder="any"
          options={SEVERITIES}
          value={query.severity ?? null}
          onChange={(v) => onChange({ ...query, severity: v?.value })}
        />
      </InlineField>
      <InlineField label="Tag" labelWidth={8} tooltip="warroom, an incident id (INC-…), a severity or a service name">
        <Input
          aria-label="Tag"
          width={24}
          placeholder="any"
          defaultValue={query.tag ?? ''}
          onBlur={(e) => onChange({ ...query, tag: e.currentTarget.value.trim() || undefined })}
        />
      </InlineField>
    </InlineFieldRow>
  );
}
