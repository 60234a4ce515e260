import React from 'react';
import { css } from '@emotion/css';
import { dateTimeFormat, type GrafanaTheme2 } from '@grafana/data';
import { type TooltipPlugin2, useStyles2 } from '@grafana/ui';

import type { MetricQuery } from '../../../api/types';
import { formatRatio, formatSeconds } from '../../../metrics/format';
import type { GraphKind } from '../../../metrics/frames';

/** uPlot's instance as TooltipPlugin2 hands it over (uplot is not a dependency of ours). */
type Plot = Parameters<React.ComponentProps<typeof TooltipPlugin2>['render']>[0];

interface Props {
  u: Plot;
  /** Per uPlot series (0 is time), the data index under the cursor. */
  dataIdxs: Array<number | null>;
  query: MetricQuery;
  kind: GraphKind;
}

/** What the cursor is on: the time, and each series' value there in the graph's unit. */
export function GraphTooltip({ u, dataIdxs, query, kind }: Props) {
  const s = useStyles2(getStyles);
  const idx = dataIdxs.find((i) => i !== null);
  if (idx === undefined || idx === null) {
    return null;
  }
  const format = kind === 'errorRate' ? formatRatio : formatSeconds;
  const rows = query.series.map((series, i) => {
    const at = dataIdxs[i + 1];
    const v = at === null || at === undefined ? null : u.data[i + 1]?.[at];
    return { name: seriesName(series.labels), value: v === null || v === undefined ? 'no sample' : format(v) };
  });
  return (
    <div className={s.tooltip} role="tooltip">
      <div className={s.time}>{dateTimeFormat(u.data[0][idx], { format: 'MMM D HH:mm:ss' })}</div>
      {rows.map((r, i) => (
        <div key={i} className={s.row}>
          <span>{r.name}</span>
          <strong>{r.value}</strong>
        </div>
      ))}
    </div>
  );
}

/** `{job="checkout"}`, or the metric's own name when the series has no labels. */
function seriesName(labels: Record<string, string>): string {
  const pairs = Object.entries(labels).map(([k, v]) => `${k}="${v}"`);
  return pairs.length ? `{${pairs.join(', ')}}` : 'value';
}

const getStyles = (theme: GrafanaTheme2) => ({
  tooltip: css({ padding: theme.spacing(1), fontSize: theme.typography.bodySmall.fontSize }),
  time: css({ color: theme.colors.text.secondary, marginBottom: theme.spacing(0.5) }),
  row: css({ display: 'flex', justifyContent: 'space-between', gap: theme.spacing(2) }),
});
