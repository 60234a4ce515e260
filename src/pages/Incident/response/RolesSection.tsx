import React from 'react';
import { css } from '@emotion/css';
import type { GrafanaTheme2 } from '@grafana/data';
import { useStyles2 } from '@grafana/ui';

import type { Incident } from '../../../api/types';
import { RolesForm } from './RolesForm';
import type { IncidentActions } from '../useUpdate';

interface Props {
  incident: Incident;
  editable: boolean;
  actions: IncidentActions;
}

/** Roles, customer reports and escalating flags: a form for Editors, a summary for everyone else. */
export function RolesSection({ incident, editable, actions }: Props) {
  const s = useStyles2(getStyles);
  const d = incident.details;
  const rows: Array<[string, string]> = [
    ['Incident commander', d.roles?.commander || '—'],
    ['Communications', d.roles?.communications || '—'],
    ['Responders', d.roles?.responders?.join(', ') || '—'],
    ['Customer reports', String(d.customerReports ?? 0)],
    ['Data integrity at risk', d.flags?.dataIntegrityAtRisk ? 'Yes' : 'No'],
    ['Security breach', d.flags?.securityBreach ? 'Yes' : 'No'],
  ];
  return (
    <section aria-label="Roles and impact">
      <h3>Roles and impact</h3>
      {editable ? (
        <RolesForm incident={incident} actions={actions} />
      ) : (
        <dl className={s.list}>
          {rows.map(([term, value]) => (
            <React.Fragment key={term}>
              <dt className={s.term}>{term}</dt>
              <dd className={s.value}>{value}</dd>
            </React.Fragment>
          ))}
        </dl>
      )}
    </section>
  );
}

const getStyles = (theme: GrafanaTheme2) => ({
  list: css({
    display: 'grid',
    gridTemplateColumns: 'max-content 1fr',
    gap: theme.spacing(0.5, 2),
    margin: 0,
  }),
  term: css({
    color: theme.colors.text.secondary,
  }),
  value: css({
    margin: 0,
  }),
});
