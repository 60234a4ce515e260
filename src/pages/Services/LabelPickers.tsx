import React from 'react';
import { Combobox, type ComboboxOption, Field } from '@grafana/ui';

import type { Resource } from '../../api/hooks';
import { useLabelValues, usePrometheusLabels } from './discovery';

const optionsOf = (items: string[] | undefined): Array<ComboboxOption<string>> =>
  (items ?? []).map((v) => ({ label: v, value: v }));

/** What the field of a list shows: why it could not be listed, or that it was cut short. */
function listState(list: Resource<{ truncated: boolean }>, what: string) {
  return {
    invalid: Boolean(list.error),
    error: list.error ? `Could not list ${what}: ${list.error.message}` : undefined,
    cut: list.data?.truncated ? `Prometheus has more ${what} than are listed; type to filter them.` : undefined,
  };
}

interface LabelProps {
  id: string;
  value: string | undefined;
  onChange: (label: string) => void;
  description?: string;
}

/** A label of the requests metric's series in Prometheus (the back end asks through the configured source). */
export function LabelField({ id, value, onChange, description }: LabelProps) {
  const labels = usePrometheusLabels();
  const { invalid, error, cut } = listState(labels, 'labels');
  return (
    <Field label="Label" description={cut ?? description} invalid={invalid} error={error}>
      <Combobox
        id={id}
        width={30}
        placeholder="service, job, app…"
        loading={labels.loading}
        options={optionsOf(labels.data?.labels)}
        value={value ?? null}
        onChange={(o) => onChange(o.value)}
      />
    </Field>
  );
}

interface ValueProps {
  id: string;
  label: string | undefined;
  value: string | undefined;
  onChange: (value: string) => void;
}

/** A value of `label`, picked from those Prometheus has over the last hour. */
export function LabelValueField({ id, label, value, onChange }: ValueProps) {
  const values = useLabelValues(label);
  const { invalid, error, cut } = listState(values, 'values');
  return (
    <Field label="Value" description={cut} invalid={invalid} error={error}>
      <Combobox
        id={id}
        width={30}
        placeholder={label ? `a value of ${label}` : 'choose a label first'}
        disabled={!label}
        loading={values.loading}
        options={optionsOf(values.data?.values)}
        value={value ?? null}
        onChange={(o) => onChange(o.value)}
      />
    </Field>
  );
}
