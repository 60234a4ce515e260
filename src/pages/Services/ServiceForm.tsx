import React, { type FormEvent, useState } from 'react';
import { css } from '@emotion/css';
import type { GrafanaTheme2 } from '@grafana/data';
import { Button, CollapsableSection, Combobox, Field, FieldSet, Input, Stack, useStyles2 } from '@grafana/ui';

import type { CatalogService } from '../../api/client';
import type { FieldError } from '../../api/types';
import { fieldState } from '../../components/AppConfig/shared/fieldErrors';
import { TextField } from '../../components/AppConfig/shared/TextField';
import {
  AWS_FIELDS,
  type AwsKey,
  draftOf,
  selectorOf,
  type ServiceDraft,
  serviceNameOf,
  serviceOf,
} from './catalogEdit';
import { hasMetrics, useServicePreview } from './discovery';
import { LabelField, LabelValueField } from './LabelPickers';
import { ServicePreviewPanel } from './ServicePreviewPanel';

interface Props {
  /** The service being edited; undefined for a new one. */
  initial?: CatalogService;
  /** PostgreSQL targets to offer (a new name can be typed too). */
  postgresTargets: string[];
  /** The back end's refusal of the last save, with paths relative to this service (`selector`, `aws.region`). */
  errors: FieldError[];
  saving: boolean;
  onSave: (service: CatalogService) => void;
  onCancel: () => void;
}

/** Adds or edits one service; the preview follows the selector as it is picked or left. */
export function ServiceForm({ initial, postgresTargets, errors, saving, onSave, onCancel }: Props) {
  const s = useStyles2(getStyles);
  const [draft, setDraft] = useState<ServiceDraft>(() => draftOf(initial));
  const [picked, setPicked] = useState<{ label?: string; value?: string }>({});
  // The service as last previewed: on opening, on a picked value, when a query field is left.
  const [previewed, setPreviewed] = useState<CatalogService | undefined>(initial);
  const preview = useServicePreview(previewed);
  const previewing = previewed !== undefined && hasMetrics(previewed);

  const set = (change: Partial<ServiceDraft>) => setDraft((d) => ({ ...d, ...change }));
  const setAws = (key: AwsKey, value: string) => setDraft((d) => ({ ...d, aws: { ...d.aws, [key]: value } }));
  const refreshPreview = () => setPreviewed(serviceOf(draft));

  const pickValue = (value: string) => {
    const label = picked.label!;
    setPicked({ label, value });
    // A new service is named after the value it was picked by; a typed or existing name stays.
    const name = initial || draft.name.trim() !== '' ? draft.name : serviceNameOf(value);
    const next = { ...draft, name, selector: selectorOf(label, value) };
    setDraft(next);
    setPreviewed(serviceOf(next));
  };

  // The save's refusals and the preview's (an invalid selector, one that matches nothing), each said once.
  const previewFields = previewing ? (preview.error?.fields ?? preview.data?.fields ?? []) : [];
  const fields = [...errors, ...previewFields].filter(
    (f, i, all) => all.findIndex((g) => g.path === f.path && g.message === f.message) === i
  );
  const at = (path: string) => fieldState(fields, path);
  const bind = (key: 'healthUrl' | 'errorRateQuery' | 'latencyQuery') => ({
    value: draft[key],
    onChange: (v: string) => set({ [key]: v }),
    ...at(key),
  });

  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    onSave(serviceOf(draft));
  };
  const hasCustom = draft.errorRateQuery !== '' || draft.latencyQuery !== '';
  const hasAws = AWS_FIELDS.some(({ key }) => draft.aws[key] !== '');

  return (
    <form onSubmit={onSubmit} aria-label={initial ? `Edit ${initial.name}` : 'New service'} className={s.form}>
      <Field
        label="Name"
        required
        description="What incidents, alerts and the declare form call it: lower-case letters, digits, '-', '_' and '.'."
        {...at('name')}
      >
        <Input
          id="service-name"
          width={40}
          required
          value={draft.name}
          onChange={(e) => set({ name: e.currentTarget.value })}
        />
      </Field>

      <FieldSet label="Metrics">
        <p className={s.muted}>
          Pick a label and a value from Prometheus to build the selector, or type it. The standard error-rate and
          latency queries are built from it.
        </p>
        <Stack gap={2} wrap="wrap">
          <LabelField id="service-label" value={picked.label} onChange={(label) => setPicked({ label })} />
          <LabelValueField id="service-label-value" label={picked.label} value={picked.value} onChange={pickValue} />
        </Stack>
        <Field
          label="Selector"
          description='PromQL label matchers without braces, such as service="checkout",env="prod".'
          {...at('selector')}
        >
          <Input
            id="service-selector"
            value={draft.selector}
            placeholder='service="checkout"'
            onChange={(e) => set({ selector: e.currentTarget.value })}
            onBlur={refreshPreview}
          />
        </Field>
        <CollapsableSection label="Custom queries" isOpen={hasCustom}>
          <p className={s.muted}>
            For services whose metrics do not follow the standard names: full PromQL, both needed.
          </p>
          <TextField
            id="service-error-rate-query"
            label="Error-rate query"
            placeholder="a ratio from 0 to 1"
            {...bind('errorRateQuery')}
          />
          <TextField
            id="service-latency-query"
            label="Latency query"
            placeholder="p99 in seconds"
            {...bind('latencyQuery')}
          />
          <Button type="button" variant="secondary" size="sm" onClick={refreshPreview}>
            Preview these queries
          </Button>
        </CollapsableSection>
      </FieldSet>

      <ServicePreviewPanel preview={previewing ? preview : undefined} />

      <FieldSet label="Checks and diagnostics">
        <TextField
          id="service-health-url"
          label="Health URL"
          description="Diagnostics call it (GET) and report the answer."
          placeholder="http://checkout:3000/api/v1/health"
          {...bind('healthUrl')}
        />
        <CollapsableSection label="AWS resources" isOpen={hasAws}>
          <p className={s.muted}>
            What the read-only AWS diagnostics look at; leave empty what the service does not use.
          </p>
          <div className={s.grid}>
            {AWS_FIELDS.map(({ key, label, placeholder }) => (
              <TextField
                key={key}
                id={`service-aws-${key}`}
                label={label}
                placeholder={placeholder}
                value={draft.aws[key]}
                onChange={(v) => setAws(key, v)}
                {...at(`aws.${key}`)}
              />
            ))}
          </div>
        </CollapsableSection>
        <Field
          label="PostgreSQL target"
          description='The name of a target; its DSN is a secret on the configuration page ("postgres.<name>").'
          {...at('postgres')}
        >
          <Combobox
            id="service-postgres"
            width={40}
            isClearable
            createCustomValue
            placeholder="none"
            options={postgresTargets.map((t) => ({ label: t, value: t }))}
            value={draft.postgres || null}
            onChange={(o) => set({ postgres: o?.value ?? '' })}
          />
        </Field>
      </FieldSet>

      <Stack gap={1}>
        <Button type="submit" disabled={saving}>
          {saving ? 'Saving…' : 'Save service'}
        </Button>
        <Button type="button" variant="secondary" onClick={onCancel} disabled={saving}>
          Cancel
        </Button>
      </Stack>
    </form>
  );
}

const getStyles = (theme: GrafanaTheme2) => ({
  form: css({ maxWidth: theme.breakpoints.values.lg }),
  muted: css({ color: theme.colors.text.secondary }),
  grid: css({
    display: 'grid',
    gap: theme.spacing(0, 2),
    gridTemplateColumns: 'repeat(auto-fill, minmax(260px, 1fr))',
  }),
});
