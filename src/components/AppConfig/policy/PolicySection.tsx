import React, { useState } from 'react';
import { Alert, Button, LoadingPlaceholder } from '@grafana/ui';

import { usePolicy } from '../../../api/hooks';
import { hasRole, useRole } from '../../../auth/role';
import { PolicyEditor } from './PolicyEditor';
import { PolicySummary } from './PolicySummary';

/** The severity policy: an editor for Admins, read-only for everyone else. */
export function PolicySection() {
  const policy = usePolicy();
  const isAdmin = hasRole(useRole(), 'Admin');
  const [notice, setNotice] = useState<'saved' | 'conflict'>();
  const current = policy.data;

  return (
    <section aria-label="Severity policy">
      <h3>Severity policy</h3>
      <p>
        Response and resolution targets, update cadence and escalation per level. Each incident keeps the version it was
        declared under.
      </p>
      {notice === 'saved' && (
        <Alert severity="success" title="Policy saved" onRemove={() => setNotice(undefined)}>
          New incidents use version {current?.version}.
        </Alert>
      )}
      {notice === 'conflict' && (
        <Alert
          severity="warning"
          title="Someone else changed the policy — reloaded"
          onRemove={() => setNotice(undefined)}
        >
          Your edits were not saved; make them again on the newer version.
        </Alert>
      )}
      {policy.error ? (
        <Alert severity="error" title="Could not load the severity policy">
          {policy.error.message}{' '}
          <Button size="sm" variant="secondary" onClick={policy.reload}>
            Try again
          </Button>
        </Alert>
      ) : !current ? (
        <LoadingPlaceholder text="Loading policy…" />
      ) : isAdmin ? (
        <PolicyEditor
          key={current.version}
          policy={current}
          onSaved={() => {
            setNotice('saved');
            policy.reload();
          }}
          onConflict={() => {
            setNotice('conflict');
            policy.reload();
          }}
        />
      ) : (
        <PolicySummary policy={current} />
      )}
    </section>
  );
}
