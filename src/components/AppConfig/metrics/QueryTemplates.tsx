import React from 'react';
import { FieldSet } from '@grafana/ui';

import { fieldState } from '../shared/fieldErrors';
import type { FieldError } from '../../../api/types';
import { TextField } from '../shared/TextField';

export const QUERY_KEYS = ['requestsMetric', 'statusLabel', 'durationMetric', 'rateWindow'] as const;

export type QueryKey = (typeof QUERY_KEYS)[number];

export type QueriesForm = Record<QueryKey, string>;

const QUERY_FIELDS: Array<{ key: QueryKey; label: string; placeholder: string; description: string }> = [
  {
    key: 'requestsMetric',
    label: 'Requests metric',
    placeholder: 'http_requests_total',
    description: 'REQ: a counter',
  },
  { key: 'statusLabel', label: 'Status label', placeholder: 'status', description: 'STATUS: the HTTP status code' },
  {
    key: 'durationMetric',
    label: 'Duration metric',
    placeholder: 'http_request_duration_seconds',
    description: 'DUR: a histogram, without _bucket',
  },
  { key: 'rateWindow', label: 'Rate window', placeholder: '5m', description: 'W: a PromQL duration' },
];

interface Props {
  queries: QueriesForm;
  onChange: (queries: QueriesForm) => void;
  errors: FieldError[];
}

/** How the standard error-rate and latency queries of every catalogued service are built. */
export function QueryTemplates({ queries, onChange, errors }: Props) {
  return (
    <FieldSet label="Query templates">
      <p>
        Error rate: <code>{'sum(rate(REQ{SELECTOR,STATUS=~"5.."}[W])) / sum(rate(REQ{SELECTOR}[W]))'}</code>
        <br />
        Latency: <code>{'histogram_quantile(0.99, sum by (le) (rate(DUR_bucket{SELECTOR}[W])))'}</code>
        <br />
        SELECTOR is each service’s selector. Leave a field empty for the default shown in it.
      </p>
      {QUERY_FIELDS.map((q) => (
        <TextField
          key={q.key}
          id={`warroom-queries-${q.key}`}
          label={q.label}
          description={q.description}
          width={40}
          value={queries[q.key]}
          placeholder={q.placeholder}
          onChange={(value) => onChange({ ...queries, [q.key]: value })}
          {...fieldState(errors, `queries.${q.key}`)}
        />
      ))}
    </FieldSet>
  );
}
