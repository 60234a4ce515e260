import React, { useState } from 'react';
import { PluginPage } from '@grafana/runtime';
import { Alert } from '@grafana/ui';

import { usePolicy } from '../../api/hooks';
import { hasRole, useRole } from '../../auth/role';
import { ResourceStatus } from '../../components/ResourceStatus';
import { PolicyEditor } from './PolicyEditor';
import { PolicySummary } from './PolicySummary';

/** The severity policy page: an editor for Admins; for everyone else, what each level means and promises. */
function PolicyPage() {
  const policy = usePolicy();
  const isAdmin = hasRole(useRole(), 'Admin');
  const [notice, setNotice] = useState<'saved' | 'conflict'>();
  const current = policy.data;

  return (
    <PluginPage subTitle="What each severity level means: response and resolution targets, update cadence and escalation. Each incident keeps the version it was declared under.">
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
    </PluginPage>
  );
}

export default PolicyPage;
