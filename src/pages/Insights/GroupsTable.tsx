import React from 'react';
import { css } from '@emotion/css';
import type { GrafanaTheme2 } from '@grafana/data';
import { useStyles2 } from '@grafana/ui';

import type { InsightsGroup, Severity } from '../../api/types';
import { listTable } from '../../components/listTable';
import { severityLabel } from '../../incident/severity';
import { useSeverityLabelStyle } from '../../incident/useSeverityLabelStyle';
import { complianceText, statText } from '../../insights/format';

interface Props {
  groups: InsightsGroup[];
  total: InsightsGroup;
  groupBy: 'severity' | 'service';
}

/** One row per group with its measures, and the total under them (an incident of two services counts in both). */
export function GroupsTable({ groups, total, groupBy }: Props) {
  const s = useStyles2(getStyles);
  const labelStyle = useSeverityLabelStyle();
  const name = (key: string) => (groupBy === 'severity' ? severityLabel(key as Severity, labelStyle) : key);
  const row = (g: InsightsGroup, label: string) => (
    <tr key={label}>
      <th scope="row">{label}</th>
      <td>{g.incidents}</td>
      <td>{g.open}</td>
      <td>{statText(g.mtta, 'median')}</td>
      <td>{statText(g.mtta, 'p90')}</td>
      <td>{statText(g.mttr, 'median')}</td>
      <td>{statText(g.mttr, 'p90')}</td>
      <td>{statText(g.mttd, 'median')}</td>
      <td>{complianceText(g.respond)}</td>
      <td>{complianceText(g.resolve)}</td>
      <td>
        {g.actionItemsOpen}
        {g.actionItemsOverdue > 0 && ` (${g.actionItemsOverdue} overdue)`}
      </td>
    </tr>
  );
  return (
    <table className={s.table} aria-label={groupBy === 'severity' ? 'By severity' : 'By service'}>
      {groupBy === 'service' && (
        <caption className={s.caption}>
          An incident of several services counts in each of them, once in the total.
        </caption>
      )}
      <thead>
        <tr>
          <th scope="col">{groupBy === 'severity' ? 'Severity' : 'Service'}</th>
          <th scope="col">Incidents</th>
          <th scope="col">Open</th>
          <th scope="col">MTTA median</th>
          <th scope="col">MTTA p90</th>
          <th scope="col">MTTR median</th>
          <th scope="col">MTTR p90</th>
          <th scope="col">MTTD median</th>
          <th scope="col">Respond-by met</th>
          <th scope="col">Resolve-by met</th>
          <th scope="col">Open action items</th>
        </tr>
      </thead>
      <tbody>{groups.map((g) => row(g, name(g.key)))}</tbody>
      <tfoot>{row(total, 'Total')}</tfoot>
    </table>
  );
}

const getStyles = (theme: GrafanaTheme2) => ({
  table: css(listTable(theme), {
    'tfoot th, tfoot td': { fontWeight: theme.typography.fontWeightMedium, borderBottom: 'none' },
  }),
  caption: css({
    captionSide: 'bottom',
    textAlign: 'left',
    color: theme.colors.text.secondary,
    paddingTop: theme.spacing(1),
  }),
});
