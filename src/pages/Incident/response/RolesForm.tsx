import React, { FormEvent, useState } from 'react';
import { Alert, Button, Field, Input, Stack, Switch, TagsInput } from '@grafana/ui';

import type { Flags, Incident, Roles, UpdateRequest } from '../../../api/types';
import { errorText, type IncidentActions, useUpdate } from '../useUpdate';

interface Props {
  incident: Incident;
  actions: IncidentActions;
}

function sameRoles(a: Roles, b: Roles): boolean {
  return (
    (a.commander ?? '') === (b.commander ?? '') &&
    (a.communications ?? '') === (b.communications ?? '') &&
    a.responders.join('\n') === b.responders.join('\n')
  );
}

/**
 * Who runs the incident, how many customers reported it and the facts that
 * escalate it by themselves. Sends only what changed; mount it with
 * `key={incident.version}` so a reload resets it.
 */
export function RolesForm({ incident, actions }: Props) {
  const d = incident.details;
  const loadedRoles: Roles = { ...d.roles, responders: d.roles?.responders ?? [] };
  const [commander, setCommander] = useState(loadedRoles.commander ?? '');
  const [communications, setCommunications] = useState(loadedRoles.communications ?? '');
  const [responders, setResponders] = useState(loadedRoles.responders);
  const [reports, setReports] = useState(String(d.customerReports ?? 0));
  const [flags, setFlags] = useState<Flags>(d.flags ?? { dataIntegrityAtRisk: false, securityBreach: false });
  const update = useUpdate(incident, actions);

  const roles: Roles = {
    commander: commander.trim() || undefined,
    communications: communications.trim() || undefined,
    responders,
  };
  const reportCount = Number(reports);
  const reportsValid = reports.trim() !== '' && Number.isInteger(reportCount) && reportCount >= 0;
  const change: Omit<UpdateRequest, 'version'> = {};
  if (!sameRoles(roles, loadedRoles)) {
    change.roles = roles;
  }
  if (reportsValid && reportCount !== (d.customerReports ?? 0)) {
    change.customerReports = reportCount;
  }
  if (
    flags.dataIntegrityAtRisk !== Boolean(d.flags?.dataIntegrityAtRisk) ||
    flags.securityBreach !== Boolean(d.flags?.securityBreach)
  ) {
    change.flags = flags;
  }
  const changed = Object.keys(change).length > 0;

  const onSubmit = async (event: FormEvent) => {
    event.preventDefault();
    if (changed && reportsValid) {
      await update.send(change);
    }
  };

  const fieldError = (path: string) => update.error?.fieldMessages(path).join('; ') || undefined;

  return (
    <form onSubmit={onSubmit} aria-label="Change roles and impact">
      <Field label="Incident commander">
        <Input id="incident-commander" value={commander} onChange={(e) => setCommander(e.currentTarget.value)} />
      </Field>
      <Field label="Communications">
        <Input
          id="incident-communications"
          value={communications}
          onChange={(e) => setCommunications(e.currentTarget.value)}
        />
      </Field>
      <Field label="Responders" description="Press Enter after each name.">
        <TagsInput id="incident-responders" tags={responders} onChange={setResponders} addOnBlur />
      </Field>
      <Field
        label="Customer reports"
        description="More than 3 escalates a P3 (default policy)."
        invalid={!reportsValid || !!fieldError('customerReports')}
        error={reportsValid ? fieldError('customerReports') : 'A whole number from 0'}
      >
        <Input
          id="incident-customer-reports"
          type="number"
          min={0}
          step={1}
          width={12}
          value={reports}
          onChange={(e) => setReports(e.currentTarget.value)}
        />
      </Field>
      <Field label="Data integrity at risk">
        <Switch
          id="incident-flag-data-integrity"
          value={flags.dataIntegrityAtRisk}
          onChange={() => setFlags({ ...flags, dataIntegrityAtRisk: !flags.dataIntegrityAtRisk })}
        />
      </Field>
      <Field label="Security breach">
        <Switch
          id="incident-flag-security-breach"
          value={flags.securityBreach}
          onChange={() => setFlags({ ...flags, securityBreach: !flags.securityBreach })}
        />
      </Field>
      {update.error && <Alert severity="error" title={errorText(update.error)} />}
      <Stack justifyContent="flex-end">
        <Button type="submit" disabled={!changed || !reportsValid || update.saving}>
          {update.saving ? 'Saving…' : 'Save'}
        </Button>
      </Stack>
    </form>
  );
}
