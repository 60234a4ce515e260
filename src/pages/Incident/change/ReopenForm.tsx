import React, { FormEvent, useEffect, useRef, useState } from 'react';
import { Alert, Button, Field, Input, Stack } from '@grafana/ui';

import type { Incident } from '../../../api/types';
import { errorText, type IncidentActions, useUpdate } from '../useUpdate';

interface Props {
  incident: Incident;
  actions: IncidentActions;
}

/**
 * The one change a resolved incident accepts: back to Investigating, with the
 * reason the contract requires. Starts as a single "Reopen" button.
 */
export function ReopenForm({ incident, actions }: Props) {
  const [open, setOpen] = useState(false);
  const [reason, setReason] = useState('');
  const [missingReason, setMissingReason] = useState(false);
  const input = useRef<HTMLInputElement>(null);
  const update = useUpdate(incident, actions);

  useEffect(() => {
    if (open) {
      input.current?.focus();
    }
  }, [open]);

  if (!open) {
    return (
      <Button variant="secondary" icon="history" onClick={() => setOpen(true)}>
        Reopen
      </Button>
    );
  }

  const onSubmit = async (event: FormEvent) => {
    event.preventDefault();
    if (reason.trim() === '') {
      setMissingReason(true);
      return;
    }
    await update.send({ status: 'investigating', reason: reason.trim() });
  };

  const reasonError = missingReason ? 'Say why it is reopened' : update.error?.messagesAt('reason').join('; ');
  return (
    <form onSubmit={onSubmit} aria-label="Reopen incident">
      <Field
        label="Why reopen it?"
        description="Recorded on the timeline. The incident goes back to Investigating."
        invalid={!!reasonError}
        error={reasonError}
      >
        <Input
          ref={input}
          id="incident-reopen-reason"
          value={reason}
          placeholder="Error rate is climbing again on eu-west"
          onChange={(e) => setReason(e.currentTarget.value)}
        />
      </Field>
      {update.error && !update.error.messagesAt('reason').length && (
        <Alert severity="error" title={errorText(update.error)} />
      )}
      <Stack gap={1}>
        <Button type="submit" disabled={update.saving}>
          {update.saving ? 'Reopening…' : 'Reopen incident'}
        </Button>
        <Button variant="secondary" fill="text" onClick={() => setOpen(false)}>
          Cancel
        </Button>
      </Stack>
    </form>
  );
}
