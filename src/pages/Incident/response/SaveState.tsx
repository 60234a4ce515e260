import React from 'react';
import { Icon, Text } from '@grafana/ui';

import type { ApiError } from '../../../api/errors';
import { errorText } from '../useUpdate';

interface Props {
  saving: boolean;
  error?: ApiError;
  /** What the refusal (or the field's own check) says about this field; the whole error otherwise. */
  fieldMessage?: string;
}

/** Beside a field that saves by itself: "Saving…", "Saved", or why it was not saved. */
export function SaveState({ saving, error, fieldMessage }: Props) {
  if (saving) {
    return <Text color="secondary">Saving…</Text>;
  }
  if (fieldMessage || error) {
    return (
      <Text color="error" role="alert">
        Not saved: {fieldMessage || errorText(error!)}
      </Text>
    );
  }
  return (
    <Text color="success">
      <Icon name="check" aria-hidden /> Saved
    </Text>
  );
}
