import React from 'react';
import { Combobox, MultiCombobox } from '@grafana/ui';

import { usePeople } from '../api/hooks';
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
  const people = usePeople();
  const options = personOptions(people.data?.people);
  return (
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
      onChange={(option) => onChange(option?.value ?? '')}
    />
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
  const people = usePeople();
  const options = personOptions(people.data?.people);
  return (
    <MultiCombobox
      id={id}
      options={options}
      value={values.map((v) => optionFor(options, v))}
      loading={people.loading}
      disabled={disabled}
      placeholder="Pick people or type names"
      createCustomValue
      customValueDescription={CUSTOM}
      onChange={(picked) => onChange(picked.map((o) => o.value))}
    />
  );
}
