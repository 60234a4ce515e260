import React from 'react';
import { Field, FieldSet, RadioButtonGroup } from '@grafana/ui';

import { fieldState } from '../shared/fieldErrors';
import type { SectionProps } from '../shared/section';
import { SecretField } from '../shared/SecretField';
import { secretFieldProps } from '../shared/secrets';
import { TextField } from '../shared/TextField';
import type { PrometheusForm, PrometheusMode } from './prometheusSection';
import { QueryTemplates } from './QueryTemplates';

const MODE_OPTIONS = [
  { label: 'Direct URL', value: 'url' as const },
  { label: 'Grafana data source', value: 'datasource' as const },
];

/** Where the back end reads error rates and latencies: only the chosen mode's fields are saved. */
export function PrometheusSettings({ form, onChange, errors }: SectionProps<PrometheusForm>) {
  const field = (path: string) => fieldState(errors, path);
  const secret = (key: keyof PrometheusForm['secrets']) =>
    secretFieldProps(form.secrets, key, (secrets) => onChange({ secrets }));

  return (
    <FieldSet>
      <p>
        Where Warroom reads the error rates and latencies that suggest a severity and draw the incident graphs. Leave it
        empty to go without metrics.
      </p>
      <Field label="Source">
        <RadioButtonGroup<PrometheusMode>
          id="warroom-prometheus-mode"
          aria-label="Prometheus source"
          options={MODE_OPTIONS}
          value={form.mode}
          onChange={(mode) => onChange({ mode })}
        />
      </Field>
      {form.mode === 'url' ? (
        <>
          <TextField
            id="warroom-prometheus-url"
            label="URL"
            description="Prometheus' HTTP API root, reached from the Grafana server."
            width={60}
            value={form.url}
            placeholder="http://prometheus:9090"
            onChange={(url) => onChange({ url })}
            {...field('prometheus.url')}
          />
          <TextField
            id="warroom-prometheus-user"
            label="Basic auth user"
            description="With the password below; leave both empty when Prometheus needs no basic auth."
            width={30}
            value={form.basicAuthUser}
            onChange={(basicAuthUser) => onChange({ basicAuthUser })}
            {...field('prometheus.basicAuthUser')}
          />
          <SecretField
            id="warroom-prometheus-password"
            label="Basic auth password"
            width={30}
            {...secret('prometheusPassword')}
          />
          <SecretField
            id="warroom-prometheus-token"
            label="Bearer token"
            description="Instead of basic auth, for a Prometheus behind a token-checking proxy."
            {...secret('prometheusToken')}
          />
        </>
      ) : (
        <>
          <TextField
            id="warroom-prometheus-datasource"
            label="Data source uid"
            description="The uid of a Prometheus data source of this Grafana (Connections → Data sources → the data source: the last part of its URL)."
            width={40}
            value={form.datasourceUid}
            placeholder="prometheus"
            onChange={(datasourceUid) => onChange({ datasourceUid })}
            {...field('prometheus.datasourceUid')}
          />
          <SecretField
            id="warroom-grafana-token"
            label="Service account token"
            description="Queries go through Grafana's data source proxy with this token: create a service account with the Viewer role (it needs Data sources: query) and add a token."
            placeholder="glsa_…"
            {...secret('grafanaToken')}
          />
        </>
      )}
      <TextField
        id="warroom-prometheus-timeout"
        label="Timeout"
        description="Per query attempt, such as 10s (at most 2m)."
        width={12}
        value={form.timeout}
        placeholder="10s"
        onChange={(timeout) => onChange({ timeout })}
        {...field('prometheus.timeout')}
      />
      <QueryTemplates queries={form.queries} onChange={(queries) => onChange({ queries })} errors={errors} />
    </FieldSet>
  );
}
