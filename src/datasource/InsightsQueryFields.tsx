import React from 'react';

import { Combobox, InlineField, InlineFieldRow, Input, RadioButtonGroup } from '@grafana/ui';

import { DURATION_MEASURES, SERIES_MEASURES, type IncidentsQuery, type SeriesMeasure } from './types';

const GROUP_BY = [
  { value: 'severity' as const, label: 'Severity' },
  { value: 'service' as const, label: 'Service' },
  { value: 'none' as const, label: 'None' },
];
const BUCKETS = [
  { value: 'week' as const, label: 'Week' },
  { value: 'month' as const, label: 'Month' },
];
const STATS = [
  { value: 'median' as const, label: 'Median' },
  { value: 'p90' as const, label: 'p90' },
  { value: 'mean' as const, label: 'Mean' },
];
const MEASURES = SERIES_MEASURES.map((m) => ({ ...m }));

/**
 * The fields of the insights queries (docs/insights.md): which incidents (services and severities
 * as comma lists, so a multi-value dashboard variable fits), how they are cut, and for a series
 * which measure. The defaults are the back end's: grouped by severity for the table, not at all
 * for a series (one line, what an alert rule reads), per week, median, UTC.
 */
export function InsightsQueryFields({
  query,
  onChange,
}: {
  query: IncidentsQuery;
  onChange: (q: IncidentsQuery) => void;
}) {
  const series = query.queryType === 'insights_series';
  const typed = (key: 'service' | 'severity' | 'tz') => ({
    'aria-label': LABELS[key],
    defaultValue: query[key] ?? '',
    onBlur: (e: React.FocusEvent<HTMLInputElement>) =>
      onChange({ ...query, [key]: e.currentTarget.value.trim() || undefined }),
  });
  const measure = query.measure ?? 'mtta';
  return (
    <>
      <InlineFieldRow>
        <InlineField label="Services" labelWidth={12} tooltip="Comma-separated catalog services; empty: every service">
          <Input width={24} placeholder="any" {...typed('service')} />
        </InlineField>
        <InlineField
          label="Severities"
          labelWidth={12}
          tooltip="Comma-separated, e.g. P1,P2: the most severe level reached"
        >
          <Input width={14} placeholder="any" {...typed('severity')} />
        </InlineField>
        <InlineField label="Time zone" labelWidth={12} tooltip="IANA zone where weeks and months start">
          <Input width={20} placeholder="UTC" {...typed('tz')} />
        </InlineField>
      </InlineFieldRow>
      <InlineFieldRow>
        <InlineField label="Group by" labelWidth={12}>
          <RadioButtonGroup
            options={GROUP_BY}
            value={query.groupBy ?? (series ? 'none' : 'severity')}
            onChange={(groupBy) => onChange({ ...query, groupBy })}
          />
        </InlineField>
        {series && (
          <InlineField label="Per" labelWidth={8}>
            <RadioButtonGroup
              options={BUCKETS}
              value={query.bucket ?? 'week'}
              onChange={(bucket) => onChange({ ...query, bucket })}
            />
          </InlineField>
        )}
      </InlineFieldRow>
      {series && (
        <InlineFieldRow>
          <InlineField label="Measure" labelWidth={12}>
            <Combobox<SeriesMeasure>
              aria-label="Measure"
              width={30}
              options={MEASURES}
              value={measure}
              onChange={(v) => onChange({ ...query, measure: v.value })}
            />
          </InlineField>
          {DURATION_MEASURES.includes(measure) && (
            <InlineField label="Statistic" labelWidth={12}>
              <RadioButtonGroup
                options={STATS}
                value={query.stat ?? 'median'}
                onChange={(stat) => onChange({ ...query, stat })}
              />
            </InlineField>
          )}
        </InlineFieldRow>
      )}
    </>
  );
}

// Plural: each takes a list (and "Severity" is also a group-by option).
const LABELS = { service: 'Services', severity: 'Severities', tz: 'Time zone' };
