import React from 'react';
import { css } from '@emotion/css';
import type { GrafanaTheme2 } from '@grafana/data';
import { useStyles2 } from '@grafana/ui';

import type { InsightsGroup, InsightsStat } from '../../api/types';
import { complianceText, statText } from '../../insights/format';

/** The figures at the top of the page, over every incident of the filters. */
export function HeadlineStats({ total }: { total: InsightsGroup }) {
  const s = useStyles2(getStyles);
  const stat = (label: string, value: string, detail?: string) => (
    <div role="group" aria-label={label} className={s.card}>
      <div className={s.label}>{label}</div>
      <div className={s.value}>{value}</div>
      {detail && <div className={s.detail}>{detail}</div>}
    </div>
  );
  const duration = (label: string, st: InsightsStat, what: string) =>
    stat(label, statText(st, 'median'), `median · p90 ${statText(st, 'p90')} · ${what}`);
  return (
    <div className={s.row}>
      {stat('Incidents', String(total.incidents), `${total.open} open · ${total.resolved} resolved`)}
      {duration('MTTA', total.mtta, 'declared → acknowledged')}
      {duration('MTTR', total.mttr, 'impact → resolved')}
      {stat('Respond-by met', complianceText(total.respond), pendingText(total.respond.pending))}
      {stat('Resolve-by met', complianceText(total.resolve), pendingText(total.resolve.pending))}
    </div>
  );
}

const pendingText = (pending: number) => (pending ? `${pending} still running` : 'SLA compliance');

const getStyles = (theme: GrafanaTheme2) => ({
  row: css({
    display: 'grid',
    gridTemplateColumns: 'repeat(auto-fit, minmax(180px, 1fr))',
    gap: theme.spacing(2),
    margin: theme.spacing(2, 0),
  }),
  card: css({
    padding: theme.spacing(1.5, 2),
    background: theme.colors.background.secondary,
    borderRadius: theme.shape.radius.default,
  }),
  label: css({ color: theme.colors.text.secondary }),
  value: css({ fontSize: theme.typography.h2.fontSize, fontWeight: theme.typography.fontWeightMedium }),
  detail: css({ color: theme.colors.text.secondary, fontSize: theme.typography.bodySmall.fontSize }),
});
