import React, { useEffect, useRef, useState } from 'react';
import { css } from '@emotion/css';
import { Combobox, MultiCombobox } from '@grafana/ui';

import { usePeople } from '../api/oncallHooks';
import { optionFor, personOptions } from './personOptions';

const CUSTOM = 'Someone outside Grafana';

interface Props {
  id: string;
  value: string;
  /** Empty when cleared. */
  onChange: (value: string) => void;
  invalid?: boolean;
  disabled?: boolean;
  width?: number;
}

/**
 * One person: the org's Grafana users (GET /oncall/people) to pick from, or any name typed — a
 * role may be held by someone with no Grafana account. Clearable: a role may be nobody.
 */
export function PersonPicker({ id, value, onChange, invalid, disabled, width }: Props) {
  const [wanted, setWanted] = useState(false);
  // A role already held shows its person's name, so the list is asked for at once then; an empty
  // one asks when the picker is first focused.
  const people = usePeople(wanted || value !== '');
  const options = personOptions(people.data?.people);
  // Combobox may report one pick several times (seen in Chromium: three identical calls); each would
  // be a save with the same loaded version, all but the first refused as stale. One pick, one call.
  const picked = useRef(value);
  useEffect(() => {
    picked.current = value;
  }, [value]);
  const pick = (next: string) => {
    if (next !== picked.current) {
      picked.current = next;
      onChange(next);
    }
  };
  return (
    <AskOnFocus onFocus={() => setWanted(true)}>
      <Combobox
        id={id}
        options={options}
        value={value ? optionFor(options, value) : null}
        loading={people.loading}
        invalid={invalid}
        disabled={disabled}
        width={width}
        placeholder="Pick a person or type a name"
        createCustomValue
        customValueDescription={CUSTOM}
        isClearable
        onChange={(option) => pick(option?.value ?? '')}
      />
    </AskOnFocus>
  );
}

interface ManyProps {
  id: string;
  values: string[];
  onChange: (values: string[]) => void;
  disabled?: boolean;
}

/** Several people, as PersonPicker: Grafana users or names typed. */
export function PeoplePicker({ id, values, onChange, disabled }: ManyProps) {
  const [wanted, setWanted] = useState(false);
  const people = usePeople(wanted || values.length > 0);
  const options = personOptions(people.data?.people);
  // As PersonPicker: one change, one call, however often Combobox reports it.
  const picked = useRef(values.join('\n'));
  useEffect(() => {
    picked.current = values.join('\n');
  }, [values]);
  const pick = (next: string[]) => {
    if (next.join('\n') !== picked.current) {
      picked.current = next.join('\n');
      onChange(next);
    }
  };
  return (
    <AskOnFocus onFocus={() => setWanted(true)}>
      <MultiCombobox
        id={id}
        options={options}
        value={values.map((v) => optionFor(options, v))}
        loading={people.loading}
        disabled={disabled}
        placeholder="Pick people or type names"
        createCustomValue
        customValueDescription={CUSTOM}
        onChange={(chosen) => pick(chosen.map((o) => o.value))}
      />
    </AskOnFocus>
  );
}

/**
 * Loads the people list the first time the picker gets focus (a click or Tab): an incident whose
 * roles are empty costs no request for it. `display: contents` leaves the picker's layout as it was.
 */
function AskOnFocus({ onFocus, children }: { onFocus: () => void; children: React.ReactNode }) {
  return (
    <div className={contents} onFocusCapture={onFocus}>
      {children}
    </div>
  );
}

const contents = css({ display: 'contents' });
