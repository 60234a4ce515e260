import React, { type ReactNode } from 'react';
import { Field, SecretInput } from '@grafana/ui';

import type { Secret } from './secrets';

/** What the field of one setting shows around its input (SecretField, TextField). */
export interface SettingFieldProps {
  id: string;
  label: string;
  description?: ReactNode;
  placeholder?: string;
  width?: number;
}

interface Props extends SettingFieldProps {
  secret: Secret;
  onChange: (secret: Secret) => void;
}

/** A secret setting: shown only as "configured" once stored; Reset clears it so a new one can be typed. */
export function SecretField({ id, label, description, placeholder, width = 60, secret, onChange }: Props) {
  return (
    <Field label={label} description={description}>
      <SecretInput
        id={id}
        width={width}
        value={secret.value}
        isConfigured={secret.configured}
        placeholder={placeholder}
        onChange={(e) => onChange({ configured: false, value: e.currentTarget.value })}
        onReset={() => onChange({ configured: false, value: '' })}
      />
    </Field>
  );
}
