import type { ComboboxOption } from '@grafana/ui';

import { optionFor } from '../../../people/personOptions';

// One way to show people as options (src/people), shared with the roles' pickers.
export { personOptions } from '../../../people/personOptions';

/** How a login reads in the form: its person's name and login, or the login alone when unknown. */
export function personLabel(options: Array<ComboboxOption<string>>, login: string): string {
  return optionFor(options, login).label ?? login;
}
