import React from 'react';

import { InlineField, InlineFieldRow, Input, RadioButtonGroup } from '@grafana/ui';

import { IncidentQueryFilters } from './IncidentQueryFilters';
import { InsightsQueryFields } from './InsightsQueryFields';
import {
  QUERY_TYPES,
  parseScheduleList,
  type IncidentsEditorProps,
  type IncidentsQuery,
  type IncidentsQueryType,
} from './types';

export function QueryEditor({ query, onChange, onRunQuery }: IncidentsEditorProps) {
  const change = (q: IncidentsQuery) => {
    onChange(q);
    onRunQuery();
  };
  const queryType = query.queryType ?? 'incidents';
  return (
    <>
      <InlineFieldRow>
        <InlineField label="Query" labelWidth={12}>
          <RadioButtonGroup<IncidentsQueryType>
            options={QUERY_TYPES}
            value={queryType}
            onChange={(queryType) =>
              // A series needs a measure (the back end refuses one without): MTTA until one is picked.
              change({
                ...query,
                queryType,
                ...(queryType === 'insights_series' && !query.measure ? { measure: 'mtta' } : {}),
              })
            }
          />
        </InlineField>
      </InlineFieldRow>
      {queryType === 'oncall' ? (
        <ScheduleFilter query={query} onChange={change} />
      ) : queryType === 'insights' || queryType === 'insights_series' ? (
        <InsightsQueryFields query={query} onChange={change} />
      ) : (
        <IncidentQueryFilters query={query} onChange={change} />
      )}
    </>
  );
}

/**
 * The schedules an on-call query shows, as typed ids. A plain input rather than a picker: the list
 * of schedules is the app's resource, and the data source's front end does not call the app.
 */
function ScheduleFilter({ query, onChange }: { query: IncidentsQuery; onChange: (q: IncidentsQuery) => void }) {
  return (
    <InlineFieldRow>
      <InlineField
        label="Schedules"
        labelWidth={12}
        tooltip="Schedule ids, comma-separated (at most 50); empty shows every schedule"
      >
        <Input
          aria-label="Schedules"
          width={48}
          placeholder="all schedules"
          defaultValue={(query.schedules ?? []).join(', ')}
          onBlur={(e) => onChange({ ...query, schedules: parseScheduleList(e.currentTarget.value) })}
        />
      </InlineField>
    </InlineFieldRow>
  );
}
