import React from 'react';

import type { AnnotationQuery } from '@grafana/data';
import { Text } from '@grafana/ui';

import { IncidentQueryFilters } from './IncidentQueryFilters';
import type { IncidentsEditorProps, IncidentsQuery } from './types';

type Props = IncidentsEditorProps & {
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
      <IncidentQueryFilters query={query ?? { refId: 'Anno' }} onChange={change} />
    </>
  );
}
