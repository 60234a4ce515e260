import React, { type FormEvent, type KeyboardEvent, useEffect, useRef, useState } from 'react';
import { Alert, Button, Combobox, type ComboboxOption, Field, FieldSet, Input, Stack } from '@grafana/ui';

import { createSchedule, saveSchedule } from '../../../api/client';
import type { FieldError, OnCallSchedule, ScheduleView } from '../../../api/types';
import { useSave } from '../../../api/useSave';
import { errorAt as errorAtPath, FieldErrorList } from '../../../components/AppConfig/shared/fieldErrors';
import { slugOf } from '../../../oncall/slug';
import { browserZone, timeZones } from '../../../oncall/zone';
import { fieldId, focusFirstError, newDraft, scheduleFields, type ScheduleDraft, toSchedule } from './draft';
import { LayersEditor } from './LayersEditor';
import { OverridesEditor } from './OverridesEditor';

interface Props {
  /** The saved schedule; undefined for a new one, which starts with one weekly rotation in the browser's zone. */
  initial?: ScheduleDraft;
  /** The version being replaced; undefined for a schedule not saved yet. */
  version?: number;
  people: Array<ComboboxOption<string>>;
  onSaved: (view: ScheduleView) => void;
  /** 409 on a save: someone else saved first. The edits stay in the form. */
  onConflict: () => void;
}

/**
 * Edits a schedule and saves it whole. Mount it with a key of the version, so a reload starts
 * from what was saved. Enter in a field does not save: only the Save button does.
 */
export function ScheduleEditor({ initial, version, people, onSaved, onConflict }: Props) {
  const isNew = version === undefined;
  const [draft, setDraft] = useState<ScheduleDraft>(() => initial ?? newDraft(Date.now(), browserZone()));
  const [idTouched, setIdTouched] = useState(false);
  const [localErrors, setLocalErrors] = useState<FieldError[]>([]);
  const [attempt, setAttempt] = useState(0);
  const alertRef = useRef<HTMLDivElement>(null);
  const save = useSave(
    (schedule: OnCallSchedule) => (isNew ? createSchedule(schedule) : saveSchedule(schedule, version)),
    { onSaved, onStale: isNew ? undefined : onConflict }
  );
  const zones = useZoneOptions(draft.timeZone);

  const error = save.error;
  // On create the only 409 is an id already taken: it belongs beside the id.
  const serverFields =
    error?.code === 'conflict' && isNew
      ? [{ path: 'id', message: 'another schedule has this id; choose another' }]
      : scheduleFields(error?.fields ?? []);
  const fields = localErrors.length > 0 ? localErrors : serverFields;
  const errorAt = (path: string) => errorAtPath(fields, path);
  const state = (path: string) => ({ invalid: !!errorAt(path), error: errorAt(path) });

  // After a refused save, focus goes to the first field named (or to the summary).
  useEffect(() => {
    if (attempt > 0 && !save.saving && fields.length + (error ? 1 : 0) > 0) {
      focusFirstError(fields, alertRef.current);
    }
    // Only once per attempt, when its answer is in.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [attempt, save.saving]);

  const onSubmit = async (event: FormEvent) => {
    event.preventDefault();
    save.reset();
    const { schedule, errors } = toSchedule(draft);
    setLocalErrors(errors);
    setAttempt((n) => n + 1);
    if (errors.length === 0) {
      await save.send(schedule);
    }
  };
  // Implicit submission would save a half-made schedule on Enter in any text box.
  const onKeyDown = (event: KeyboardEvent<HTMLFormElement>) => {
    const target = event.target as HTMLElement;
    if (event.key === 'Enter' && target.tagName === 'INPUT' && (target as HTMLInputElement).type !== 'submit') {
      event.preventDefault();
    }
  };

  return (
    <form aria-label="Schedule" onSubmit={onSubmit} onKeyDown={onKeyDown}>
      <FieldSet label="Schedule">
        <Stack gap={2} wrap="wrap">
          <Field label="Name" {...state('name')}>
            <Input
              id={fieldId('name')}
              width={40}
              value={draft.name}
              onChange={(e) => {
                const name = e.currentTarget.value;
                setDraft({ ...draft, name, id: isNew && !idTouched ? slugOf(name) : draft.id });
              }}
            />
          </Field>
          <Field
            label="Id"
            description={isNew ? 'From the name; fixed once saved. Policy tiers name it.' : 'Fixed once saved.'}
            {...state('id')}
          >
            <Input
              id={fieldId('id')}
              width={30}
              value={draft.id}
              readOnly={!isNew}
              onChange={(e) => {
                setIdTouched(true);
                setDraft({ ...draft, id: e.currentTarget.value });
              }}
            />
          </Field>
          <Field label="Time zone" description="Hand-offs follow its wall clock, across DST." {...state('timeZone')}>
            <Combobox
              id={fieldId('timeZone')}
              width={30}
              options={zones}
              value={draft.timeZone}
              onChange={(o) => setDraft({ ...draft, timeZone: o.value })}
            />
          </Field>
        </Stack>
      </FieldSet>
      <FieldSet label="Layers">
        {errorAt('layers') && <Alert severity="error" title={`Layers: ${errorAt('layers')}`} />}
        <LayersEditor
          layers={draft.layers}
          timeZone={draft.timeZone}
          people={people}
          onChange={(layers) => setDraft({ ...draft, layers })}
          errorAt={errorAt}
        />
      </FieldSet>
      <FieldSet label="Overrides">
        <OverridesEditor
          overrides={draft.overrides}
          timeZone={draft.timeZone}
          people={people}
          onChange={(overrides) => setDraft({ ...draft, overrides })}
          errorAt={errorAt}
        />
      </FieldSet>
      {(fields.length > 0 || (error && !(isNew && error.code === 'conflict'))) && (
        <div ref={alertRef} tabIndex={-1}>
          <Alert severity="error" title="The schedule was not saved">
            {localErrors.length > 0 ? 'Some fields need a value.' : error?.message}
            <FieldErrorList fields={fields} whole="(schedule)" />
          </Alert>
        </div>
      )}
      <Stack justifyContent="flex-start">
        <Button type="submit" disabled={save.saving}>
          {save.saving ? 'Saving…' : 'Save schedule'}
        </Button>
      </Stack>
    </form>
  );
}

function useZoneOptions(current: string): Array<ComboboxOption<string>> {
  const [zones] = useState(() => timeZones(current).map((z) => ({ value: z, label: z })));
  return zones;
}
