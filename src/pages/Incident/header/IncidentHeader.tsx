import React from 'react';
import { css } from '@emotion/css';
import { dateTimeFormat, type GrafanaTheme2 } from '@grafana/data';
import { Stack, useStyles2 } from '@grafana/ui';

import type { Incident } from '../../../api/types';
import { SeverityBadge } from '../../../components/SeverityBadge';
import { StatusBadge } from '../../../components/StatusBadge';
import { incidentAge } from '../../../incident/age';

export function IncidentHeader({ incident }: { incident: Incident }) {
  const s = useStyles2(getStyles);
  const age = incidentAge(incident);
  return (
    <header className={s.header}>
      <div className={s.id}>{incident.id}</div>
      <h2 className={s.title}>{incident.title}</h2>
      <Stack gap={1} alignItems="center" wrap="wrap">
        <SeverityBadge severity={incident.severity} />
        <StatusBadge status={incident.status} />
        <span className={s.meta}>
          {incident.resolvedAt ? `Resolved after ${age}` : `Open for ${age}`} · declared{' '}
          {dateTimeFormat(incident.createdAt)} by {incident.createdBy}
          {incident.services.length > 0 && ` · ${incident.services.join(', ')}`}
        </span>
      </Stack>
      {incident.summary && <p className={s.summary}>{incident.summary}</p>}
    </header>
  );
}

const getStyles = (theme: GrafanaTheme2) => ({
  header: css({
    marginBottom: theme.spacing(3),
  }),
  id: css({
    fontFamily: theme.typography.fontFamilyMonospace,
    color: theme.colors.text.secondary,
  }),
  title: css({
    margin: theme.spacing(0.5, 0, 1),
  }),
  meta: css({
    color: theme.colors.text.secondary,
  }),
  summary: css({
    marginTop: theme.spacing(2),
    whiteSpace: 'pre-wrap',
  }),
});
