import React, { useState } from 'react';
import { Field, Input, Switch } from '@grafana/ui';

import type { Flags, Incident, Roles, UpdateRequest } from '../../../api/types';
import { PeoplePicker, PersonPicker } from '../../../people/PersonPicker';
import { type IncidentActions, useUpdate } from '../useUpdate';
import { SaveState } from './SaveState';

interface Props {
  incident: Incident;
  actions: IncidentActions;
}

const ROLE_FIELDS = [
  { field: 'commander', label: 'Incident commander', id: 'incident-commander' },
  { field: 'communications', label: 'Communications', id: 'incident-communications' },
] as const;

type FieldName = 'commander' | 'communications' | 'responders' | 'customerReports' | 'dataIntegrity' | 'securityBreach';

/**
 * Who runs the incident, how many customers reported it and the facts that escalate it by
 * themselves. Roles are people: Grafana users picked from a list, or a name typed for someone
 * outside Grafana. Each field saves on its own — text fields when left, the rest on selection — with the
 * version loaded, and says "Saved" or why not beside itself: no Save button to forget at 3 a.m.
 * Not keyed by version (the "Saved" would vanish with the reload); each text field is keyed by its
 * loaded value instead, so a change someone else made replaces what it shows.
 */
export function RolesForm({ incident, actions }: Props) {
  const d = incident.details;
  const roles: Roles = { ...d.roles, responders: d.roles?.responders ?? [] };
  const flags: Flags = d.flags ?? { dataIntegrityAtRisk: false, securityBreach: false };
  const update = useUpdate(incident, actions);
  const [last, setLast] = useState<FieldName>();

  const save = (field: FieldName, change: Omit<UpdateRequest, 'version'>) => {
    setLast(field);
    return update.send(change);
  };
  const saveRole = (field: 'commander' | 'communications', value: string) => {
    if (value.trim() !== (roles[field] ?? '')) {
      save(field, { roles: { ...roles, [field]: value.trim() || undefined } });
    }
  };
  const state = (field: FieldName, path: string) =>
    last === field ? (
      <SaveState
        saving={update.saving}
        error={update.error}
        fieldMessage={update.error?.fieldMessages(path).join('; ')}
      />
    ) : undefined;

  return (
    <form onSubmit={(e) => e.preventDefault()} aria-label="Change roles and impact">
      {ROLE_FIELDS.map(({ field, label, id }) => (
        <Field key={field} label={label} description={state(field, `roles.${field}`)}>
          <PersonPicker
            id={id}
            value={roles[field] ?? ''}
            disabled={update.saving}
            invalid={last === field && !!update.error?.fieldMessages(`roles.${field}`).length}
            onChange={(v) => saveRole(field, v)}
          />
        </Field>
      ))}
      <Field
        label="Responders"
        description={state('responders', 'roles.responders') ?? 'Grafana users, or any name typed (Enter adds it).'}
      >
        <PeoplePicker
          id="incident-responders"
          values={roles.responders}
          disabled={update.saving}
          onChange={(responders) => save('responders', { roles: { ...roles, responders } })}
        />
      </Field>
      <Field
        label="Customer reports"
        description={state('customerReports', 'customerReports') ?? 'More than 3 escalates a P3 (default policy).'}
      >
        <SaveOnBlurInput
          key={String(d.customerReports ?? 0)}
          id="incident-customer-reports"
          type="number"
          width={12}
          value={String(d.customerReports ?? 0)}
          validate={(v) => (/^\d+$/.test(v.trim()) ? undefined : 'A whole number from 0')}
          onSave={(v) =>
            Number(v) !== (d.customerReports ?? 0) && save('customerReports', { customerReports: Number(v) })
          }
        />
      </Field>
      <Field label="Data integrity at risk" description={state('dataIntegrity', 'flags')}>
        <Switch
          id="incident-flag-data-integrity"
          value={flags.dataIntegrityAtRisk}
          disabled={update.saving}
          onChange={() =>
            save('dataIntegrity', { flags: { ...flags, dataIntegrityAtRisk: !flags.dataIntegrityAtRisk } })
          }
        />
      </Field>
      <Field label="Security breach" description={state('securityBreach', 'flags')}>
        <Switch
          id="incident-flag-security-breach"
          value={flags.securityBreach}
          disabled={update.saving}
          onChange={() => save('securityBreach', { flags: { ...flags, securityBreach: !flags.securityBreach } })}
        />
      </Field>
    </form>
  );
}

interface SaveOnBlurProps {
  id: string;
  value: string;
  type?: 'number';
  width?: number;
  /** The problem with a draft, checked before saving; shown under the input. */
  validate?: (draft: string) => string | undefined;
  onSave: (draft: string) => void;
}

/** A text input that keeps its draft while focused and saves it when left (or on Enter). */
function SaveOnBlurInput({ id, value, type, width, validate, onSave }: SaveOnBlurProps) {
  const [draft, setDraft] = useState(value);
  const [problem, setProblem] = useState<string>();
  const commit = () => {
    const p = validate?.(draft);
    setProblem(p);
    if (!p && draft !== value) {
      onSave(draft);
    }
  };
  return (
    <>
      <Input
        id={id}
        type={type}
        min={type === 'number' ? 0 : undefined}
        width={width}
        invalid={!!problem}
        value={draft}
        onChange={(e) => setDraft(e.currentTarget.value)}
        onBlur={commit}
        onKeyDown={(e) => e.key === 'Enter' && commit()}
      />
      {problem && <SaveState saving={false} fieldMessage={problem} />}
    </>
  );
}
