import React from 'react';
import { Link } from 'react-router-dom';
import { css } from '@emotion/css';
import { dateTimeFormat, type GrafanaTheme2 } from '@grafana/data';
import { useStyles2 } from '@grafana/ui';

import type { IncidentRow, SortKey, SortOrder } from '../../api/types';
import { SeverityBadge } from '../../components/SeverityBadge';
import { listTable } from '../../components/listTable';
import { StatusBadge } from '../../components/StatusBadge';
import { incidentPath } from '../../constants';
import { incidentAge } from '../../incident/age';
import { Countdown } from '../../timers/Countdown';
import { SortableHeader, type SortState } from './SortableHeader';

interface Props {
  incidents: IncidentRow[];
  sort: SortState;
  onSort: (sort: SortKey, order: SortOrder) => void;
}

export function IncidentsTable({ incidents, sort, onSort }: Props) {
  const s = useStyles2(getStyles);
  const now = new Date();
  return (
    <table className={s.table}>
      <thead>
        <tr>
          <th scope="col">Title</th>
          <SortableHeader label="Severity" sortKey="severity" current={sort} onSort={onSort} />
          <th scope="col">Status</th>
          <th scope="col">Commander</th>
          <th scope="col">Next deadline</th>
          <th scope="col">Services</th>
          {/* Age is time since declaration: the oldest has the largest age, so age descending is created ascending. */}
          <SortableHeader label="Age" sortKey="created" inverted current={sort} onSort={onSort} />
        </tr>
      </thead>
      <tbody>
        {incidents.map((inc) => (
          <tr key={inc.id}>
            <td>
              <Link className={s.title} to={incidentPath(inc.id)}>
                {inc.title}
              </Link>
              <div className={s.id}>{inc.id}</div>
            </td>
            <td>
              <SeverityBadge severity={inc.severity} />
            </td>
            <td>
              <StatusBadge status={inc.status} />
            </td>
            <td>{inc.details.roles.commander || <span className={s.muted}>Unassigned</span>}</td>
            <td>
              {inc.nextDeadline ? (
                <div className={s.deadline}>
                  <span>{inc.nextDeadline.label}</span>
                  {/* The list carries no server clock: count down on the browser's. */}
                  <Countdown timer={inc.nextDeadline} offsetMs={0} />
                </div>
              ) : (
                <span className={s.muted}>None</span>
              )}
            </td>
            <td>{inc.services.join(', ')}</td>
            <td title={`Created ${dateTimeFormat(inc.createdAt)} by ${inc.createdBy}`}>{incidentAge(inc, now)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

const getStyles = (theme: GrafanaTheme2) => ({
  table: listTable(theme),
  title: css({
    color: theme.colors.text.link,
    fontWeight: theme.typography.fontWeightMedium,
  }),
  id: css({
    whiteSpace: 'nowrap',
    fontFamily: theme.typography.fontFamilyMonospace,
    fontSize: theme.typography.bodySmall.fontSize,
    color: theme.colors.text.secondary,
  }),
  deadline: css({
    display: 'flex',
    flexDirection: 'column',
    // The countdown shrinks to its text under the label rather than stretching to the right edge.
    alignItems: 'flex-start',
    fontSize: theme.typography.bodySmall.fontSize,
  }),
  muted: css({
    color: theme.colors.text.secondary,
  }),
});
