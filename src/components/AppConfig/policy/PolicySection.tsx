import React, { useState } from 'react';
import { Alert } from '@grafana/ui';

import { usePolicy } from '../../../api/hooks';
import { hasRole, useRole } from '../../../auth/role';
import { ResourceStatus } from '../../ResourceStatus';
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
      {policy.error || !current ? (
        <ResourceStatus
          resource={policy}
          errorTitle="Could not load the severity policy"
          loadingText="Loading policy…"
        />
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
