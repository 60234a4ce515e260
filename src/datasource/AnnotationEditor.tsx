import React from 'react';

import type { AnnotationQuery, QueryEditorProps } from '@grafana/data';
import { Text } from '@grafana/ui';

import type { IncidentsDataSource } from './datasource';
import { IncidentFilters } from './QueryEditor';
import type { IncidentsOptions, IncidentsQuery } from './types';

type Props = QueryEditorProps<IncidentsDataSource, IncidentsQuery, IncidentsOptions> & {
  annotation?: AnnotationQuery<IncidentsQuery>;
  onAnnotationChange?: (annotation: AnnotationQuery<IncidentsQuery>) => void;
};

/** The annotation query: always events as annotations, narrowed by the same filters as panels. */
export function AnnotationEditor({ query, onChange, annotation, onAnnotationChange }: Props) {
  const change = (q: IncidentsQuery) => {
    const target = { ...q, queryType: 'annotations' as const };
    onChange(target);
    if (annotation && onAnnotationChange) {
      onAnnotationChange({ ...annotation, target });
    }
  };
  return (
    <>
      <Text color="secondary">
        Each event (declared, acknowledged, severity changed, status update, mitigated, diagnostics run, resolved) is a
        marker; each incident is a region from declaration to resolution.
      </Text>
      <IncidentFilters query={query ?? { refId: 'Anno' }} onChange={change} />
    </>
  );
}
