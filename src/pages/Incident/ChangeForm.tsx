import React, { FormEvent, useState } from 'react';
import { Alert, Button, Field, Input, RadioButtonGroup, Stack } from '@grafana/ui';

import { updateIncident } from '../../api/client';
import { toApiError } from '../../api/errors';
import type { Incident, Severity, Status, UpdateRequest } from '../../api/types';
import { SEVERITIES, SEVERITY_MEANING, severityLabel } from '../../incident/severity';
import { STATUS_LABEL, STATUSES } from '../../incident/status';
import { useSeverityLabelStyle } from '../../incident/useSeverityLabelStyle';

interface Props {
  incident: Incident;
  onChanged: () => void;
  /** Called on 409: the incident changed since it was loaded. */
  onConflict: () => void;
}

/**
 * Moves the incident through its lifecycle or re-grades it, with a reason for
 * the timeline. Sends the version it was loaded at, so a concurrent change is
 * refused by the back end instead of silently overwritten. Mount it with
 * `key={incident.version}` so a reload resets it.
 */
export function ChangeForm({ incident, onChanged, onConflict }: Props) {
  const labelStyle = useSeverityLabelStyle();
  const [status, setStatus] = useState<Status>(incident.status);
  const [severity, setSeverity] = useState<Severity>(incident.severity);
  const [reason, setReason] = useState('');
  const [error, setError] = useState<string>();
  const [saving, setSaving] = useState(false);
  const changed = status !== incident.status || severity !== incident.severity;

  const onSubmit = async (event: FormEvent) => {
    event.preventDefault();
    if (!changed) {
      return;
    }
    const req: UpdateRequest = { version: incident.version, reason: reason.trim() || undefined };
    if (status !== incident.status) {
      req.status = status;
    }
    if (severity !== incident.severity) {
      req.severity = severity;
    }
    setSaving(true);
    setError(undefined);
    try {
      await updateIncident(incident.id, req);
      onChanged();
    } catch (err) {
      const apiError = toApiError(err);
      setSaving(false);
      if (apiError.code === 'conflict') {
        onConflict();
        return;
      }
      setError([apiError.message, ...apiError.fields.map((f) => f.message)].join(': '));
    }
  };

  return (
    <form onSubmit={onSubmit} aria-label="Change status or severity">
      <Field label="Status">
        <RadioButtonGroup
          id="incident-status"
          options={STATUSES.map((s) => ({ label: STATUS_LABEL[s], value: s }))}
          value={status}
          onChange={setStatus}
        />
      </Field>
      <Field label="Severity" description={SEVERITY_MEANING[severity]}>
        <RadioButtonGroup
          id="incident-severity"
          options={SEVERITIES.map((s) => ({
            label: severityLabel(s, labelStyle),
            value: s,
            description: SEVERITY_MEANING[s],
          }))}
          value={severity}
          onChange={setSeverity}
        />
      </Field>
      <Field label="Reason" description="Recorded on the timeline with the change.">
        <Input
          id="incident-change-reason"
          value={reason}
          placeholder="Rolled back the 14:02 deploy; error rate back under 1%"
          onChange={(e) => setReason(e.currentTarget.value)}
        />
      </Field>
      {error && <Alert severity="error" title={error} />}
      <Stack justifyContent="flex-end">
        <Button type="submit" disabled={!changed || saving}>
          {saving ? 'Saving…' : 'Apply change'}
        </Button>
      </Stack>
    </form>
  );
}
