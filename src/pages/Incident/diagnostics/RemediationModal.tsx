import React, { useState } from 'react';
import { Alert, Button, Field, Input, Modal } from '@grafana/ui';

import { runRemediation } from '../../../api/client';
import type { RemediationAction, RemediationOutcome } from '../../../api/types';
import { useSave } from '../../../api/useSave';
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
  const [outcome, setOutcome] = useState<RemediationOutcome>();
  const remediation = useSave((confirm: string) => runRemediation(incidentId, { action, service, confirm }), {
    onSaved: (done) => {
      setOutcome(done);
      onDone();
    },
  });
  const error = remediation.error;

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
          <Button
            variant="destructive"
            disabled={remediation.saving || typed.trim() !== resource}
            onClick={() => void remediation.send(typed)}
          >
            {remediation.saving ? 'Running…' : 'Run'}
          </Button>
        )}
      </Modal.ButtonRow>
    </Modal>
  );
}
