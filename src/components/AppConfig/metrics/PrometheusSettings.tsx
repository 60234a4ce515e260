import React from 'react';
import { Field, FieldSet, Input, RadioButtonGroup } from '@grafana/ui';

import { fieldState } from '../shared/fieldErrors';
import type { SectionProps } from '../shared/section';
import { SecretField } from '../shared/SecretField';
import { secretFieldProps } from '../shared/secrets';
import type { PrometheusForm, PrometheusMode } from './prometheusSection';

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
    <FieldSet label="Prometheus">
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
          <Field
            label="URL"
            description="Prometheus' HTTP API root, reached from the Grafana server."
            {...field('prometheus.url')}
          >
            <Input
              id="warroom-prometheus-url"
              width={60}
              value={form.url}
              placeholder="http://prometheus:9090"
              onChange={(e) => onChange({ url: e.currentTarget.value })}
            />
          </Field>
          <Field
            label="Basic auth user"
            description="With the password below; leave both empty when Prometheus needs no basic auth."
            {...field('prometheus.basicAuthUser')}
          >
            <Input
              id="warroom-prometheus-user"
              width={30}
              value={form.basicAuthUser}
              onChange={(e) => onChange({ basicAuthUser: e.currentTarget.value })}
            />
          </Field>
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
          <Field
            label="Data source uid"
            description="The uid of a Prometheus data source of this Grafana (Connections → Data sources → the data source: the last part of its URL)."
            {...field('prometheus.datasourceUid')}
          >
            <Input
              id="warroom-prometheus-datasource"
              width={40}
              value={form.datasourceUid}
              placeholder="prometheus"
              onChange={(e) => onChange({ datasourceUid: e.currentTarget.value })}
            />
          </Field>
          <SecretField
            id="warroom-grafana-token"
            label="Service account token"
            description="Queries go through Grafana's data source proxy with this token: create a service account with the Viewer role (it needs Data sources: query) and add a token."
            placeholder="glsa_…"
            {...secret('grafanaToken')}
          />
        </>
      )}
      <Field
        label="Timeout"
        description="Per query attempt, such as 10s (at most 2m)."
        {...field('prometheus.timeout')}
      >
        <Input
          id="warroom-prometheus-timeout"
          width={12}
          value={form.timeout}
          placeholder="10s"
          onChange={(e) => onChange({ timeout: e.currentTarget.value })}
        />
      </Field>
    </FieldSet>
  );
}
