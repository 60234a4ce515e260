import React, { FormEvent, useState } from 'react';
import { Alert, Button, Field, Input, RadioButtonGroup, Stack } from '@grafana/ui';

import type { Incident, Severity, Status, UpdateRequest } from '../../../api/types';
import { SEVERITIES, SEVERITY_MEANING, severityLabel } from '../../../incident/severity';
import { STATUS_LABEL, STATUSES } from '../../../incident/status';
import { useSeverityLabelStyle } from '../../../incident/useSeverityLabelStyle';
import { errorText, type IncidentActions, useUpdate } from '../useUpdate';

interface Props {
  incident: Incident;
  actions: IncidentActions;
}

/**
 * Moves the incident through its lifecycle or re-grades it, with a reason for
 * the timeline. Sends the version it was loaded at, so a concurrent change is
 * refused by the back end instead of silently overwritten. Mount it with
 * `key={incident.version}` so a reload resets it.
 */
export function ChangeForm({ incident, actions }: Props) {
  const labelStyle = useSeverityLabelStyle();
  const [status, setStatus] = useState<Status>(incident.status);
  const [severity, setSeverity] = useState<Severity>(incident.severity);
  const [reason, setReason] = useState('');
  const update = useUpdate(incident, actions);
  const changed = status !== incident.status || severity !== incident.severity;

  const onSubmit = async (event: FormEvent) => {
    event.preventDefault();
    if (!changed) {
      return;
    }
    const req: Omit<UpdateRequest, 'version'> = { reason: reason.trim() || undefined };
    if (status !== incident.status) {
      req.status = status;
    }
    if (severity !== incident.severity) {
      req.severity = severity;
    }
    await update.send(req);
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
      {update.error && <Alert severity="error" title={errorText(update.error)} />}
      <Stack justifyContent="flex-end">
        <Button type="submit" disabled={!changed || update.saving}>
          {update.saving ? 'Saving…' : 'Apply change'}
        </Button>
      </Stack>
    </form>
  );
}
