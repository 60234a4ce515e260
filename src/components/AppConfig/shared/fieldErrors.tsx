import React from 'react';

import type { FieldError } from '../../../api/types';

/** The messages at exactly `path`, joined; undefined when there are none. */
export function errorAt(fields: FieldError[], path: string): string | undefined {
  return (
    fields
      .filter((f) => f.path === path)
      .map((f) => f.message)
      .join('; ') || undefined
  );
}

/** The `invalid` and `error` props of the @grafana/ui Field whose input is at `path`. */
export function fieldState(fields: FieldError[], path: string): { invalid: boolean; error?: string } {
  const error = errorAt(fields, path);
  return { invalid: error !== undefined, error };
}

/** Every field error with its path, under the summary of a failed save; `whole` names an error with no path. */
export function FieldErrorList({ fields, whole }: { fields: FieldError[]; whole: string }) {
  if (fields.length === 0) {
    return null;
  }
  return (
    <ul>
      {fields.map((f, i) => (
        <li key={i}>
          <code>{f.path || whole}</code>: {f.message}
        </li>
      ))}
    </ul>
  );
}
