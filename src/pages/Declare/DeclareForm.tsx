import React, { FormEvent, KeyboardEvent, useEffect, useMemo, useRef, useState } from 'react';
import { css } from '@emotion/css';
import type { GrafanaTheme2 } from '@grafana/data';
import { Alert, Button, Field, Input, MultiCombobox, TextArea, TextLink, useStyles2 } from '@grafana/ui';

import { declareIncident } from '../../api/client';
import { type ApiError, fieldRoot } from '../../api/errors';
import type { Evaluation, Evidence, Incident, Severity } from '../../api/types';
import { useSave } from '../../api/useSave';
import type { DeclarePrefill } from './prefill';
import { SeverityChoice } from './SeverityChoice';
import { SeveritySuggestion } from './SeveritySuggestion';
import { useCatalogNames } from './useCatalogNames';
import { useSuggestion } from './useSuggestion';

const FIELDS = ['title', 'severity', 'services', 'summary'] as const;
type FieldName = (typeof FIELDS)[number];
type FieldErrors = Partial<Record<FieldName, string>>;

function isFieldName(name: string): name is FieldName {
  return (FIELDS as readonly string[]).includes(name);
}

interface Props {
  prefill: DeclarePrefill;
  onDeclared: (incident: Incident) => void;
}

export function DeclareForm({ prefill, onDeclared }: Props) {
  const s = useStyles2(getStyles);
  const [title, setTitle] = useState(prefill.title);
  const [severity, setSeverity] = useState<Severity>();
  const [services, setServices] = useState<string[]>([]);
  const [summary, setSummary] = useState('');
  const [missing, setMissing] = useState<FieldErrors>({});
  const declare = useSave(declareIncident, { onSaved: onDeclared });
  const refused = declare.error && placeErrors(declare.error);
  const errors = refused?.byField ?? missing;
  const formError = refused?.formError;
  const suggestion = useSuggestion(prefill, services);
  const touched = useRef({ severity: false, services: false });
  const titleInput = useRef<HTMLInputElement>(null);
  const firstSeverity = useRef<HTMLInputElement>(null);
  const catalog = useCatalogNames();
  const serviceOptions = useMemo(() => catalog.map((name) => ({ label: name, value: name })), [catalog]);
  const chooseSeverity = (level: Severity) => {
    touched.current.severity = true;
    setSeverity(level);
  };

  // The first answer fills what the declarer has not chosen yet: the severity
  // the metrics justify, the catalogued services they were read from, and the
  // service the alert names even when the catalog does not know it.
  const evaluation = suggestion.evaluation;
  const alertService = prefill.alertLabels.service;
  useEffect(() => {
    if (!evaluation) {
      return;
    }
    const suggested = evaluation.result?.severity;
    if (suggested && !touched.current.severity) {
      setSeverity(suggested);
    }
    const named = [...new Set([...evaluation.services, ...(alertService ? [alertService] : [])])];
    if (named.length > 0 && !touched.current.services) {
      setServices((current) => (current.length === 0 ? named : current));
    }
  }, [evaluation, alertService]);

  const onSubmit = async (event: FormEvent) => {
    event.preventDefault();
    const unfilled = missingFields(title, severity, services);
    declare.reset();
    setMissing(unfilled);
    // The first field still to fill takes the focus, so its error is where the declarer is.
    if (unfilled.title) {
      titleInput.current?.focus();
    } else if (unfilled.severity) {
      firstSeverity.current?.focus();
    } else if (unfilled.services) {
      document.getElementById('declare-services')?.focus();
    }
    if (!severity || Object.keys(unfilled).length > 0) {
      return;
    }
    await declare.send({
      title: title.trim(),
      severity,
      services,
      summary: summary.trim() || undefined,
      links: prefill.links,
      labels: prefill.labels,
      evidence: evidenceFor(suggestion.evaluation),
    });
  };

  /** What every required field shows: the marker, and its error once the form was refused. */
  const requiredField = (name: FieldName) => ({ required: true, invalid: !!errors[name], error: errors[name] });

  // Ctrl/Cmd+Enter submits from the summary, where plain Enter starts a new line.
  const onSummaryKeyDown = (event: KeyboardEvent<HTMLTextAreaElement>) => {
    if (event.key === 'Enter' && (event.ctrlKey || event.metaKey)) {
      event.preventDefault();
      event.currentTarget.form?.requestSubmit();
    }
  };

  return (
    <form className={s.form} onSubmit={onSubmit} noValidate aria-label="Declare incident">
      {formError && (
        <Alert severity="error" title="The incident was not declared">
          {formError}
        </Alert>
      )}
      {prefill.sourceUrl && (
        <p className={s.source}>
          Opened from <TextLink href={prefill.sourceUrl}>this dashboard panel</TextLink>; the incident links back to it.
        </p>
      )}
      {prefill.origin === 'alert' && (
        <p className={s.source}>
          Opened from the alert {prefill.labels?.alertname ?? ''}; its labels and query are used for the suggestion.
        </p>
      )}
      <Field label="Title" description="What users see going wrong." {...requiredField('title')}>
        <Input
          id="declare-title"
          ref={titleInput}
          autoFocus
          maxLength={200}
          value={title}
          placeholder="Checkout API returns 502"
          onChange={(e) => setTitle(e.currentTarget.value)}
        />
      </Field>
      <Field
        label="Severity"
        description="The level the impact justifies; each promises what the policy says beside it."
        {...requiredField('severity')}
      >
        <SeverityChoice value={severity} onChange={chooseSeverity} invalid={!!errors.severity} firstRef={firstSeverity}>
          <SeveritySuggestion suggestion={suggestion} chosen={severity} onUse={chooseSeverity} />
        </SeverityChoice>
      </Field>
      <Field
        label="Affected services"
        description="Pick from the service catalog, or type a name it does not list and pick that."
        {...requiredField('services')}
      >
        <MultiCombobox
          id="declare-services"
          options={serviceOptions}
          value={services}
          createCustomValue
          customValueDescription="Not in the catalog: no metrics or diagnostics"
          invalid={!!errors.services}
          onChange={(picked) => {
            touched.current.services = true;
            setServices(picked.map((o) => o.value));
          }}
          placeholder="checkout-api"
        />
      </Field>
      <Field
        label="Summary"
        description="Optional. What you know so far. Ctrl+Enter declares."
        invalid={!!errors.summary}
        error={errors.summary}
      >
        <TextArea
          id="declare-summary"
          rows={4}
          value={summary}
          onChange={(e) => setSummary(e.currentTarget.value)}
          onKeyDown={onSummaryKeyDown}
        />
      </Field>
      <div>
        <Button type="submit" icon="fire" variant="destructive" disabled={declare.saving}>
          {declare.saving ? 'Declaring…' : 'Declare incident'}
        </Button>
      </div>
    </form>
  );
}

/**
 * The suggestion the declarer saw, recorded on the timeline with the declaration; its onset (the
 * earliest sustained breach, as the back end computed it) becomes the incident's impact start.
 */
function evidenceFor(evaluation: Evaluation | undefined): Evidence | undefined {
  const result = evaluation?.result;
  if (!result || result.unavailable) {
    return undefined;
  }
  const evidence: Evidence = {
    suggested: result.severity,
    reasons: result.reasons.slice(0, 20).map((r) => r.slice(0, 500)),
  };
  return evaluation.onset ? { ...evidence, onset: evaluation.onset } : evidence;
}

/** The checks that need no round trip; the back end validates everything again. */
function missingFields(title: string, severity: Severity | undefined, services: string[]): FieldErrors {
  const errors: FieldErrors = {};
  if (title.trim() === '') {
    errors.title = 'Give the incident a title';
  }
  if (!severity) {
    errors.severity = 'Pick a severity';
  }
  if (services.length === 0) {
    errors.services = 'Name at least one affected service';
  }
  return errors;
}

const getStyles = (theme: GrafanaTheme2) => ({
  form: css({
    maxWidth: theme.breakpoints.values.md,
  }),
  source: css({
    color: theme.colors.text.secondary,
    marginBottom: theme.spacing(2),
  }),
});

/** A refusal's field errors beside this form's inputs; the rest (role, links from the panel, server) on top of it. */
function placeErrors(apiError: ApiError): { byField: FieldErrors; formError?: string } {
  const byField: FieldErrors = {};
  for (const f of apiError.fields) {
    const name = fieldRoot(f.path);
    if (isFieldName(name)) {
      byField[name] = byField[name] ? `${byField[name]}; ${f.message}` : f.message;
    }
  }
  const unplaced = apiError.fields.filter((f) => !isFieldName(fieldRoot(f.path)));
  const placedAll = apiError.fields.length > 0 && unplaced.length === 0;
  return {
    byField,
    formError: placedAll ? undefined : [apiError.message, ...unplaced.map((f) => `${f.path}: ${f.message}`)].join('. '),
  };
}
