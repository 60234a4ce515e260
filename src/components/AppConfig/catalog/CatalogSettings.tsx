import React, { type KeyboardEvent } from 'react';
import { css } from '@emotion/css';
import type { GrafanaTheme2 } from '@grafana/data';
import { Field, FieldSet, TextArea, useStyles2 } from '@grafana/ui';

import { fieldRoot } from '../../../api/errors';
import { fieldState } from '../shared/fieldErrors';
import type { SectionProps } from '../shared/section';
import { TextField } from '../shared/TextField';
import type { CatalogForm, QueryKey } from './catalogSection';

const EXAMPLE = {
  name: 'checkout',
  selector: 'service="checkout"',
  healthUrl: 'http://checkout:3000/api/v1/health',
  aws: { region: 'us-east-1', autoScalingGroup: 'statux-prod-asg-api' },
  postgres: 'main',
};

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

/** The service catalog as JSON, and how the standard queries of its services are built. */
export function CatalogSettings({ form, onChange, errors }: SectionProps<CatalogForm>) {
  const s = useStyles2(getStyles);
  // Errors of the catalog (paths under `services`) are listed under it.
  const catalogErrors = errors.filter((f) => fieldRoot(f.path) === 'services');
  const setQuery = (key: QueryKey, value: string) => onChange({ queries: { ...form.queries, [key]: value } });

  return (
    <FieldSet label="Service catalog">
      <p>
        One entry per service: <code>name</code>, and a Prometheus label <code>selector</code> that the standard queries
        below are built from (or your own <code>errorRateQuery</code> and <code>latencyQuery</code>), with an optional{' '}
        <code>healthUrl</code>, <code>aws</code> resources and the name of a <code>postgres</code> target. For example:
      </p>
      <pre className={s.example}>{JSON.stringify([EXAMPLE], null, 2)}</pre>
      <Field
        label="Services"
        description="A JSON array; Ctrl+Enter saves."
        invalid={catalogErrors.length > 0}
        error={
          <ul className={s.errors}>
            {catalogErrors.map((f, i) => (
              <li key={i}>{f.path === 'services' ? f.message : `${f.path}: ${f.message}`}</li>
            ))}
          </ul>
        }
      >
        <TextArea
          id="warroom-catalog"
          className={s.code}
          rows={14}
          spellCheck={false}
          value={form.catalog}
          placeholder="[]"
          onChange={(e) => onChange({ catalog: e.currentTarget.value })}
          onKeyDown={submitOnCtrlEnter}
        />
      </Field>
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
            value={form.queries[q.key]}
            placeholder={q.placeholder}
            onChange={(value) => setQuery(q.key, value)}
            {...fieldState(errors, `queries.${q.key}`)}
          />
        ))}
      </FieldSet>
    </FieldSet>
  );
}

/** Enter makes a new line in the catalog; Ctrl+Enter (⌘+Enter) submits its form as Enter does from an input. */
function submitOnCtrlEnter(event: KeyboardEvent<HTMLTextAreaElement>) {
  if (event.key === 'Enter' && (event.ctrlKey || event.metaKey)) {
    event.preventDefault();
    event.currentTarget.form?.requestSubmit();
  }
}

const getStyles = (theme: GrafanaTheme2) => ({
  code: css({
    fontFamily: theme.typography.fontFamilyMonospace,
  }),
  example: css({
    fontSize: theme.typography.bodySmall.fontSize,
  }),
  errors: css({
    listStyle: 'none',
    margin: 0,
    padding: 0,
  }),
});
