import React, { useMemo } from 'react';
import { useNavigate, useSearchParams } from 'react-router-dom';
import { PluginPage } from '@grafana/runtime';
import { Alert } from '@grafana/ui';

import { useCanEdit } from '../../auth/role';
import { incidentPath } from '../../constants';
import { DeclareForm } from './DeclareForm';
import { prefillFromQuery } from './prefill';

function DeclarePage() {
  const [query] = useSearchParams();
  const navigate = useNavigate();
  const canEdit = useCanEdit();
  const prefill = useMemo(() => prefillFromQuery(query), [query]);

  return (
    <PluginPage subTitle="Say what is broken and how badly; details can follow on the incident page.">
      {canEdit ? (
        <DeclareForm prefill={prefill} onDeclared={(incident) => navigate(incidentPath(incident.id))} />
      ) : (
        <Alert severity="info" title="Only editors can declare incidents">
          Ask an editor or admin of this organization to declare it, or to change your role.
        </Alert>
      )}
    </PluginPage>
  );
}

export default DeclarePage;
