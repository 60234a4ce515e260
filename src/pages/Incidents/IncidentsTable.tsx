import React from 'react';
import { Link } from 'react-router-dom';
import { css } from '@emotion/css';
import { dateTimeFormat, type GrafanaTheme2 } from '@grafana/data';
import { useStyles2 } from '@grafana/ui';

import type { IncidentRow } from '../../api/types';
import { SeverityBadge } from '../../components/SeverityBadge';
import { listTable } from '../../components/listTable';
import { StatusBadge } from '../../components/StatusBadge';
import { incidentPath } from '../../constants';
import { incidentAge } from '../../incident/age';

export function IncidentsTable({ incidents }: { incidents: IncidentRow[] }) {
  const s = useStyles2(getStyles);
  const now = new Date();
  return (
    <table className={s.table}>
      <thead>
        <tr>
          <th scope="col">ID</th>
          <th scope="col">Title</th>
          <th scope="col">Severity</th>
          <th scope="col">Status</th>
          <th scope="col">Services</th>
          <th scope="col">Age</th>
        </tr>
      </thead>
      <tbody>
        {incidents.map((inc) => (
          <tr key={inc.id}>
            <td className={s.id}>
              <Link to={incidentPath(inc.id)}>{inc.id}</Link>
            </td>
            <td>{inc.title}</td>
            <td>
              <SeverityBadge severity={inc.severity} />
            </td>
            <td>
              <StatusBadge status={inc.status} />
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
  id: css({
    whiteSpace: 'nowrap',
    fontFamily: theme.typography.fontFamilyMonospace,
    a: { color: theme.colors.text.link },
  }),
});
