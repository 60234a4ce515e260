import React from 'react';
import { css } from '@emotion/css';
import { type DataFrame, type GrafanaTheme2, dateTimeFormat, dateTime, makeTimeRange } from '@grafana/data';
import { LegendDisplayMode } from '@grafana/schema';
import { TimeSeries, TooltipPlugin2, type UPlotConfigBuilder, useStyles2 } from '@grafana/ui';

import { useWidth } from '../../components/useWidth';

const HEIGHT = 200;

// TooltipPlugin2's hover modes are a const enum @grafana/ui does not export: 1 is xAll (as MetricGraph).
const HOVER_ALL = 1 as React.ComponentProps<typeof TooltipPlugin2>['hoverMode'];

/** uPlot's instance as TooltipPlugin2 hands it over. */
type Plot = Parameters<React.ComponentProps<typeof TooltipPlugin2>['render']>[0];

interface Props {
  title: string;
  /** One frame: time, then the series drawn (src/insights/frames.ts). */
  frames: DataFrame[];
  from: string;
  to: string;
  /** A value in words for the tooltip ("12 min", "3"). */
  format: (value: number) => string;
  bucket: 'week' | 'month';
}

/** How the tooltip names the bucket under the cursor. */
const bucketTitle = (start: number, bucket: Props['bucket']) =>
  bucket === 'month'
    ? dateTimeFormat(start, { format: 'MMMM YYYY' })
    : `Week of ${dateTimeFormat(start, { format: 'MMM D, YYYY' })}`;

/** One chart of the Insights page, drawn with Grafana's TimeSeries as the incident page draws its graphs. */
export function SeriesChart({ title, frames, from, to, format, bucket }: Props) {
  const s = useStyles2(getStyles);
  const [ref, width] = useWidth<HTMLElement>();
  const timeRange = React.useMemo(() => makeTimeRange(dateTime(from), dateTime(to)), [from, to]);
  return (
    <figure ref={ref} aria-label={title} className={s.figure}>
      <figcaption className={s.caption}>{title}</figcaption>
      {width > 0 && (
        <TimeSeries
          frames={frames}
          width={width}
          height={HEIGHT}
          timeRange={timeRange}
          timeZone="browser"
          legend={{ showLegend: true, displayMode: LegendDisplayMode.List, placement: 'bottom', calcs: [] }}
        >
          {(builder: UPlotConfigBuilder) => (
            <TooltipPlugin2
              config={builder}
              hoverMode={HOVER_ALL}
              render={(u, dataIdxs) => (
                <Tooltip u={u} dataIdxs={dataIdxs} frame={frames[0]} format={format} bucket={bucket} />
              )}
            />
          )}
        </TimeSeries>
      )}
    </figure>
  );
}

/** The bucket under the cursor and each series' value there; "—" where the bucket has no data. */
function Tooltip({
  u,
  dataIdxs,
  frame,
  format,
  bucket,
}: {
  u: Plot;
  dataIdxs: Array<number | null>;
  frame: DataFrame;
  format: (value: number) => string;
  bucket: Props['bucket'];
}) {
  const s = useStyles2(getStyles);
  const idx = dataIdxs.find((i) => i !== null);
  if (idx === undefined || idx === null) {
    return null;
  }
  return (
    <div className={s.tooltip} role="tooltip">
      <div className={s.time}>{bucketTitle(u.data[0][idx], bucket)}</div>
      {frame.fields.slice(1).map((field, i) => {
        const v = u.data[i + 1]?.[idx];
        return (
          <div key={field.name} className={s.row}>
            <span>{field.name}</span>
            <strong>{v === null || v === undefined ? '—' : format(v)}</strong>
          </div>
        );
      })}
    </div>
  );
}

const getStyles = (theme: GrafanaTheme2) => ({
  figure: css({ margin: 0, minHeight: HEIGHT, minWidth: 0 }),
  caption: css({ fontWeight: theme.typography.fontWeightMedium, marginBottom: theme.spacing(0.5) }),
  tooltip: css({ padding: theme.spacing(1), fontSize: theme.typography.bodySmall.fontSize }),
  time: css({ color: theme.colors.text.secondary, marginBottom: theme.spacing(0.5) }),
  row: css({ display: 'flex', justifyContent: 'space-between', gap: theme.spacing(2) }),
});
