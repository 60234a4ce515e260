import type { ComboboxOption } from '@grafana/ui';

import type { Person } from '../../../api/types';

/** Picker options: "Alice Adams (alice)" for the login alice. */
export function personOptions(people: Person[]): Array<ComboboxOption<string>> {
  return people.map((p) => ({
    value: p.login,
    label: p.name && p.name !== p.login ? `${p.name} (${p.login})` : p.login,
  }));
}

/** How a login reads in the form: its person's name and login, or the login alone when unknown. */
export function personLabel(options: Array<ComboboxOption<string>>, login: string): string {
  return options.find((o) => o.value === login)?.label ?? login;
}
