import React, { type ReactNode } from 'react';
import { Field, Input } from '@grafana/ui';

import type { SettingFieldProps } from './SecretField';

interface Props extends SettingFieldProps {
  value: string;
  onChange: (value: string) => void;
  /** Whether the setting was refused and why: spread fieldState(errors, path) here. */
  invalid?: boolean;
  error?: ReactNode;
}

/** A text setting: a labelled input bound to one value, with the error that refused it. */
export function TextField({ id, label, description, placeholder, width, value, onChange, invalid, error }: Props) {
  return (
    <Field label={label} description={description} invalid={invalid} error={error}>
      <Input
        id={id}
        width={width}
        value={value}
        placeholder={placeholder}
        onChange={(e) => onChange(e.currentTarget.value)}
      />
    </Field>
  );
}
