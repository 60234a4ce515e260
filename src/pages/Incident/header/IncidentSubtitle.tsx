import React from 'react';
import { css } from '@emotion/css';
import { dateTimeFormat, type GrafanaTheme2 } from '@grafana/data';
import { useStyles2 } from '@grafana/ui';

import type { Incident } from '../../../api/types';
import { incidentAge } from '../../../incident/age';

/** Under the page title (the incident's title): its id, how long it has been open, who declared it, what it hits. */
export function IncidentSubtitle({ incident }: { incident: Incident }) {
  const s = useStyles2(getStyles);
  const age = incidentAge(incident);
  return (
    <span className={s.subtitle}>
      <span className={s.id}>{incident.id}</span>
      {' · '}
      {incident.resolvedAt ? `Resolved after ${age}` : `Open for ${age}`} · declared{' '}
      {dateTimeFormat(incident.createdAt)} by {incident.createdBy}
      {incident.services.length > 0 && ` · ${incident.services.join(', ')}`}
    </span>
  );
}

const getStyles = (theme: GrafanaTheme2) => ({
  subtitle: css({
    color: theme.colors.text.secondary,
  }),
  id: css({
    fontFamily: theme.typography.fontFamilyMonospace,
  }),
});
