import React, { FormEvent, useState } from 'react';
import { Alert, Button, Field, Input, Modal } from '@grafana/ui';

import type { ApiError } from '../../../api/errors';
import { errorText } from '../useUpdate';

interface Props {
  /** What is about to change, e.g. "Change status to Monitoring". */
  title: string;
  /** What the change means, when there is more to say (a severity's meaning). */
  description?: string;
  confirmText: string;
  saving: boolean;
  error?: ApiError;
  onConfirm: (reason: string) => void;
  onDismiss: () => void;
}

/**
 * Asks why before a status or severity change; the reason goes on the timeline with it. Always
 * shown, even though the reason is optional, so a stray pick never changes an incident by itself.
 * Enter submits, Escape (the Modal's own) cancels.
 */
export function ReasonModal({ title, description, confirmText, saving, error, onConfirm, onDismiss }: Props) {
  const [reason, setReason] = useState('');
  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    onConfirm(reason.trim());
  };
  return (
    <Modal isOpen title={title} onDismiss={onDismiss}>
      <form onSubmit={onSubmit} aria-label={title}>
        {description && <p>{description}</p>}
        <Field label="Reason" description="Optional; recorded on the timeline with the change.">
          <Input
            id="change-reason"
            autoFocus
            value={reason}
            placeholder="Rolled back the 14:02 deploy; error rate back under 1%"
            onChange={(e) => setReason(e.currentTarget.value)}
          />
        </Field>
        {error && <Alert severity="error" title={errorText(error)} />}
        <Modal.ButtonRow>
          <Button type="button" variant="secondary" fill="outline" onClick={onDismiss}>
            Cancel
          </Button>
          <Button type="submit" disabled={saving}>
            {saving ? 'Saving…' : confirmText}
          </Button>
        </Modal.ButtonRow>
      </form>
    </Modal>
  );
}
