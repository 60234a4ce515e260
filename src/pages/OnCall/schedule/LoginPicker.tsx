import React from 'react';
import { Combobox, type ComboboxOption } from '@grafana/ui';

interface Props {
  id: string;
  value: string;
  options: Array<ComboboxOption<string>>;
  onChange: (login: string) => void;
  invalid?: boolean;
  width?: number;
}

/**
 * One Grafana login, searched by name or login: a schedule's participant or override. Roles use
 * src/people's PersonPicker instead, which also takes names of people outside Grafana. A login
 * typed as is stays possible: the people list holds at most 100, and the back end may know only
 * those who used Warroom.
 */
export function LoginPicker({ id, value, options, onChange, invalid, width }: Props) {
  return (
    <Combobox
      id={id}
      options={options}
      value={value || null}
      invalid={invalid}
      width={width}
      placeholder="Search people"
      createCustomValue
      customValueDescription="A login not in the list"
      onChange={(option) => onChange(option.value)}
    />
  );
}
