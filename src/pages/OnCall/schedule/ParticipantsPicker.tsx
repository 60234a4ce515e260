import React, { useState } from 'react';
import { css } from '@emotion/css';
import type { GrafanaTheme2 } from '@grafana/data';
import { Combobox, type ComboboxOption, Field, FieldValidationMessage, IconButton, useStyles2 } from '@grafana/ui';

import { fieldId } from './draft';
import { personLabel } from './people';

interface Props {
  /** Path of the participant list (`layers[0].rotation.participants`), for ids and errors. */
  path: string;
  layerName: string;
  participants: string[];
  options: Array<ComboboxOption<string>>;
  onChange: (participants: string[]) => void;
  errorAt: (path: string) => string | undefined;
}

/**
 * The hand-off order as a numbered list, with a search box that appends: a MultiSelect would
 * neither keep an order one can change nor take the same login twice (a, b, a, c).
 */
export function ParticipantsPicker({ path, layerName, participants, options, onChange, errorAt }: Props) {
  const s = useStyles2(getStyles);
  // A fresh search box after each pick: the Combobox keeps the picked text and its filter otherwise.
  const [round, setRound] = useState(0);
  const move = (i: number, by: number) => {
    const next = [...participants];
    [next[i], next[i + by]] = [next[i + by], next[i]];
    onChange(next);
  };
  const listError = errorAt(path);
  return (
    <div role="group" aria-label={`${layerName} participants`}>
      <div className={s.heading}>Participants, in hand-off order</div>
      {participants.length > 0 && (
        <ol className={s.list}>
          {participants.map((login, i) => {
            const error = errorAt(`${path}[${i}]`);
            const label = personLabel(options, login);
            return (
              <li key={i} id={fieldId(`${path}[${i}]`)} tabIndex={-1} className={s.item}>
                <span className={s.name}>
                  {i + 1}. {label}
                </span>
                <IconButton
                  name="arrow-up"
                  aria-label={`Move ${login} (participant ${i + 1}) earlier`}
                  disabled={i === 0}
                  onClick={() => move(i, -1)}
                />
                <IconButton
                  name="arrow-down"
                  aria-label={`Move ${login} (participant ${i + 1}) later`}
                  disabled={i === participants.length - 1}
                  onClick={() => move(i, 1)}
                />
                <IconButton
                  name="times"
                  aria-label={`Remove ${login} (participant ${i + 1})`}
                  onClick={() => onChange(participants.filter((_, j) => j !== i))}
                />
                {error && <FieldValidationMessage>{error}</FieldValidationMessage>}
              </li>
            );
          })}
        </ol>
      )}
      <Field
        label={`Add participant to ${layerName}`}
        description="The same person may take more than one turn."
        invalid={!!listError}
        error={listError}
      >
        <Combobox
          key={round}
          id={fieldId(path)}
          options={options}
          value={null}
          width={40}
          placeholder="Search people"
          createCustomValue
          customValueDescription="A login not in the list"
          onChange={(option) => {
            onChange([...participants, option.value]);
            setRound((r) => r + 1);
          }}
        />
      </Field>
    </div>
  );
}

const getStyles = (theme: GrafanaTheme2) => ({
  heading: css({
    fontWeight: theme.typography.fontWeightMedium,
    marginBottom: theme.spacing(0.5),
  }),
  list: css({
    listStyle: 'none',
    padding: 0,
    margin: theme.spacing(0, 0, 1),
  }),
  item: css({
    display: 'flex',
    flexWrap: 'wrap',
    alignItems: 'center',
    gap: theme.spacing(0.5),
    padding: theme.spacing(0.25, 0),
  }),
  name: css({
    minWidth: theme.spacing(24),
  }),
});
