import React, { FormEvent, useState } from 'react';
import { Alert, Button, Field, FieldSet, RadioButtonGroup, Stack } from '@grafana/ui';

import { savePolicy } from '../../api/client';
import type { FieldError, Policy } from '../../api/types';
import { useSave } from '../../api/useSave';
import { durationErrors } from '../../policy/duration';
import { errorAt as errorAtPath, FieldErrorList, fieldState } from '../../components/AppConfig/shared/fieldErrors';
import { TextField } from '../../components/AppConfig/shared/TextField';
import { PolicyLevels } from './PolicyLevels';
import { PolicyRules } from './PolicyRules';
import { PagingRulesFields } from './targets/PagingRulesFields';
import { useTargetChoices } from './targets/targetChoices';

// What a policy saved before paging existed gets from the back end; kept here for a draft without it.
const NO_REPEATS = { repeatUntilAcknowledged: false, repeatAfter: '15m', maxRepeats: 3 };

// Not "SEV1–SEV4": that names the display setting's radio on the configuration page, which tests select by.
const LABEL_OPTIONS = [
  { label: 'P (P1, P2, …)', value: 'P' as const },
  { label: 'SEV (SEV1, SEV2, …)', value: 'SEV' as const },
];

interface Props {
  policy: Policy;
  onSaved: () => void;
  /** 409: another admin saved a newer version since this one was loaded. */
  onConflict: () => void;
}

/**
 * Edits the severity policy and saves it as the next version. Mount it with
 * `key={policy.version}` so a reload starts from what was saved.
 */
export function PolicyEditor({ policy, onSaved, onConflict }: Props) {
  const [draft, setDraft] = useState<Policy>(policy);
  // A policy save has one 409, `conflict`: it changed since it was loaded.
  const save = useSave(savePolicy, { onSaved, onStale: onConflict });
  const error = save.error;
  const [localErrors, setLocalErrors] = useState<FieldError[]>([]);
  const targetChoices = useTargetChoices();

  const fields = localErrors.length > 0 ? localErrors : (error?.fields ?? []);
  const errorAt = (path: string) => errorAtPath(fields, path);

  const onSubmit = async (event: FormEvent) => {
    event.preventDefault();
    save.reset();
    const unreadable = durationErrors(draft);
    setLocalErrors(unreadable);
    if (unreadable.length > 0) {
      return;
    }
    // The version sent is the one being replaced.
    await save.send({ ...draft, version: policy.version });
  };

  return (
    <form onSubmit={onSubmit} aria-label="Severity policy">
      <FieldSet label="Levels and escalation tiers">
        <PolicyLevels
          policy={draft}
          onChange={(levels) => setDraft({ ...draft, levels })}
          errorAt={errorAt}
          targetChoices={targetChoices}
        />
      </FieldSet>
      <FieldSet label="Paging">
        <PagingRulesFields
          paging={draft.paging ?? NO_REPEATS}
          onChange={(paging) => setDraft({ ...draft, paging })}
          errorAt={errorAt}
        />
      </FieldSet>
      <FieldSet label="Escalation rules">
        <PolicyRules policy={draft} onChange={(rules) => setDraft({ ...draft, rules })} errorAt={errorAt} />
      </FieldSet>
      <FieldSet label="Other">
        <Field label="Level names" {...fieldState(fields, 'labels')}>
          <RadioButtonGroup
            id="policy-labels"
            options={LABEL_OPTIONS}
            value={draft.labels}
            onChange={(labels) => setDraft({ ...draft, labels })}
          />
        </Field>
        <TextField
          id="policy-postmortem-due"
          label="Post-mortem due"
          description="After resolution, e.g. 48h."
          width={12}
          value={draft.postmortemDue}
          onChange={(postmortemDue) => setDraft({ ...draft, postmortemDue })}
          {...fieldState(fields, 'postmortemDue')}
        />
      </FieldSet>
      {(error || localErrors.length > 0) && (
        <Alert severity="error" title="The policy was not saved">
          {error?.message ?? 'Some durations cannot be read.'}
          <FieldErrorList fields={fields} whole="(policy)" />
        </Alert>
      )}
      <Stack justifyContent="flex-start">
        <Button type="submit" disabled={save.saving}>
          {save.saving ? 'Saving…' : 'Save policy'}
        </Button>
      </Stack>
    </form>
  );
}
