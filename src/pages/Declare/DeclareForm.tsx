import React, { FormEvent, KeyboardEvent, useEffect, useRef, useState } from 'react';
import { css } from '@emotion/css';
import type { GrafanaTheme2 } from '@grafana/data';
import { Alert, Button, Field, Input, RadioButtonGroup, TagsInput, TextArea, TextLink, useStyles2 } from '@grafana/ui';

import { declareIncident } from '../../api/client';
import { type ApiError, fieldRoot } from '../../api/errors';
import type { CorrelationResult, Evidence, Incident, Severity } from '../../api/types';
import { useSave } from '../../api/useSave';
import { SEVERITIES, SEVERITY_MEANING, severityLabel } from '../../incident/severity';
import { useSeverityLabelStyle } from '../../incident/useSeverityLabelStyle';
import type { DeclarePrefill } from './prefill';
import { SuggestionPanel } from './SuggestionPanel';
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
  const labelStyle = useSeverityLabelStyle();
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

  // The first answer fills what the declarer has not chosen yet: the severity
  // the metrics justify and the catalogued services they were read from.
  const evaluation = suggestion.evaluation;
  useEffect(() => {
    if (!evaluation) {
      return;
    }
    const suggested = evaluation.result?.severity;
    if (suggested && !touched.current.severity) {
      setSeverity(suggested);
    }
    if (evaluation.services.length > 0 && !touched.current.services) {
      setServices((current) => (current.length === 0 ? evaluation.services : current));
    }
  }, [evaluation]);

  const onSubmit = async (event: FormEvent) => {
    event.preventDefault();
    const unfilled = missingFields(title, severity, services);
    declare.reset();
    setMissing(unfilled);
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
      evidence: evidenceFor(suggestion.evaluation?.result),
    });
  };

  // Ctrl/Cmd+Enter submits from the summary, where plain Enter starts a new line.
  const onSummaryKeyDown = (event: KeyboardEvent<HTMLTextAreaElement>) => {
    if (event.key === 'Enter' && (event.ctrlKey || event.metaKey)) {
      event.preventDefault();
      event.currentTarget.form?.requestSubmit();
    }
  };

  const severityOptions = SEVERITIES.map((level) => ({
    label: severityLabel(level, labelStyle),
    value: level,
    description: SEVERITY_MEANING[level],
  }));

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
      <Field label="Title" description="What users see going wrong." invalid={!!errors.title} error={errors.title}>
        <Input
          id="declare-title"
          autoFocus
          maxLength={200}
          value={title}
          placeholder="Checkout API returns 502"
          onChange={(e) => setTitle(e.currentTarget.value)}
        />
      </Field>
      <Field
        label="Severity"
        description={
          severity ? SEVERITY_MEANING[severity] : 'Pick the level the impact justifies; hover a level for its meaning.'
        }
        invalid={!!errors.severity}
        error={errors.severity}
      >
        <RadioButtonGroup
          id="declare-severity"
          options={severityOptions}
          value={severity}
          onChange={(v) => {
            touched.current.severity = true;
            setSeverity(v);
          }}
        />
      </Field>
      <SuggestionPanel
        suggestion={suggestion}
        chosen={severity}
        onUse={(v) => {
          touched.current.severity = true;
          setSeverity(v);
        }}
      />
      <Field
        label="Affected services"
        description="Type a service name and press Enter to add it."
        invalid={!!errors.services}
        error={errors.services}
      >
        <TagsInput
          id="declare-services"
          tags={services}
          onChange={(v) => {
            touched.current.services = true;
            setServices(v);
          }}
          addOnBlur
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

/** The suggestion the declarer saw, recorded on the timeline with the declaration. */
function evidenceFor(result: CorrelationResult | undefined): Evidence | undefined {
  if (!result || result.unavailable) {
    return undefined;
  }
  return { suggested: result.severity, reasons: result.reasons.slice(0, 20).map((r) => r.slice(0, 500)) };
}

/** The checks that need no round trip; the back end validates everything again. */
function missingFields(title: string, severity: Severity | undefined, services: string[]): FieldErrors {
  const errors: FieldErrors = {};
  if (title.trim() === '') {
    errors.title = 'Give the incident a title';
  }
  if (!severity) {
    errors.severity = 'Choose a severity';
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
