import React, { useState } from 'react';
import { Alert, Button, Field, Input, Modal } from '@grafana/ui';

import { runRemediation } from '../../../api/client';
import { type ApiError, toApiError } from '../../../api/errors';
import type { RemediationAction, RemediationOutcome } from '../../../api/types';
import { REMEDIATION_LABEL } from '../../../diagnostics/format';

interface Props {
  incidentId: string;
  service: string;
  action: RemediationAction;
  /** The catalogued resource the action changes; typing it confirms. */
  resource: string;
  onDismiss: () => void;
  onDone: () => void;
}

/** Typed confirmation of a remediation; the outcome (success or failure) also goes on the timeline. */
export function RemediationModal({ incidentId, service, action, resource, onDismiss, onDone }: Props) {
  const [typed, setTyped] = useState('');
  const [busy, setBusy] = useState(false);
  const [outcome, setOutcome] = useState<RemediationOutcome>();
  const [error, setError] = useState<ApiError>();

  const run = async () => {
    setBusy(true);
    setError(undefined);
    try {
      setOutcome(await runRemediation(incidentId, { action, service, confirm: typed }));
      onDone();
    } catch (err) {
      setError(toApiError(err));
    } finally {
      setBusy(false);
    }
  };

  return (
    <Modal title={REMEDIATION_LABEL[action]} isOpen onDismiss={onDismiss}>
      {outcome ? (
        <Alert severity={outcome.ok ? 'success' : 'error'} title={outcome.ok ? 'Done' : 'The remediation failed'}>
          {outcome.ok ? outcome.result.summary : outcome.error}
        </Alert>
      ) : (
        <>
          <p>
            This changes <strong>{resource}</strong> of {service}. Type <code>{resource}</code> to confirm.
          </p>
          <Field label="Resource name" invalid={Boolean(error?.fields.length)} error={error?.fields[0]?.message}>
            <Input
              aria-label="Resource name to confirm"
              value={typed}
              onChange={(e) => setTyped(e.currentTarget.value)}
              autoFocus
            />
          </Field>
          {error && !error.fields.length && (
            <Alert severity="error" title="Not run">
              {error.message}
            </Alert>
          )}
        </>
      )}
      <Modal.ButtonRow>
        <Button variant="secondary" onClick={onDismiss}>
          {outcome ? 'Close' : 'Cancel'}
        </Button>
        {!outcome && (
          <Button variant="destructive" disabled={busy || typed.trim() !== resource} onClick={() => void run()}>
            {busy ? 'Running…' : 'Run'}
          </Button>
        )}
      </Modal.ButtonRow>
    </Modal>
  );
}
