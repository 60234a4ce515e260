import React from 'react';

import { InlineField, InlineFieldRow, RadioButtonGroup } from '@grafana/ui';

import { IncidentQueryFilters } from './IncidentQueryFilters';
import { QUERY_TYPES, type IncidentsEditorProps, type IncidentsQuery, type IncidentsQueryType } from './types';

export function QueryEditor({ query, onChange, onRunQuery }: IncidentsEditorProps) {
  const change = (q: IncidentsQuery) => {
    onChange(q);
    onRunQuery();
  };
  return (
    <>
      <InlineFieldRow>
        <InlineField label="Query" labelWidth={12}>
          <RadioButtonGroup<IncidentsQueryType>
            options={QUERY_TYPES}
            value={query.queryType ?? 'incidents'}
            onChange={(queryType) => change({ ...query, queryType })}
          />
        </InlineField>
      </InlineFieldRow>
      <IncidentQueryFilters query={query} onChange={change} />
    </>
  );
}
