import type { ComboboxOption } from '@grafana/ui';

import type { Person } from '../api/types';

/** People as picker options: the login is the value (what timelines and pages name), the name shown. */
export function personOptions(people: Person[] | undefined): Array<ComboboxOption<string>> {
  return (people ?? []).map((p) => ({
    value: p.login,
    label: p.name && p.name !== p.login ? `${p.name} (${p.login})` : p.login,
    description: p.email,
  }));
}

/**
 * The option for `value`: the person's when known, else the text itself — a role may name someone
 * outside Grafana (a vendor's engineer), and the picker must still show it.
 */
export function optionFor(options: Array<ComboboxOption<string>>, value: string): ComboboxOption<string> {
  return options.find((o) => o.value === value) ?? { value, label: value };
}
