import {
  type DataFrame,
  FieldColorModeId,
  FieldType,
  type GrafanaTheme2,
  applyFieldOverrides,
  createDataFrame,
} from '@grafana/data';

import type { InsightsPoint, InsightsStat } from '../api/types';

/** A median where there is one; null (a gap in the line, not a drop to 0) over a bucket with no data. */
const median = (s: InsightsStat) => (s.n === 0 ? null : s.median);

const time = (series: InsightsPoint[]) => ({
  name: 'Time',
  type: FieldType.time,
  values: series.map((p) => Date.parse(p.start)),
});

function styled(frames: DataFrame[], theme: GrafanaTheme2): DataFrame[] {
  return applyFieldOverrides({
    data: frames,
    fieldConfig: { defaults: {}, overrides: [] },
    replaceVariables: (v: string) => v,
    theme,
    timeZone: 'browser',
  });
}

/** MTTA and MTTR medians per bucket in seconds, for Grafana's TimeSeries (durations on the axis). */
export function responseFrames(series: InsightsPoint[], theme: GrafanaTheme2): DataFrame[] {
  const line = (name: string, values: Array<number | null>, color: string) => ({
    name,
    type: FieldType.number,
    values,
    config: {
      unit: 's',
      min: 0,
      color: { mode: FieldColorModeId.Fixed, fixedColor: color },
      custom: { drawStyle: 'line', lineWidth: 2, fillOpacity: 0, showPoints: 'always', pointSize: 5, spanNulls: false },
    },
  });
  return styled(
    [
      createDataFrame({
        refId: 'response',
        fields: [
          time(series),
          line(
            'MTTA median',
            series.map((p) => median(p.mtta)),
            'blue'
          ),
          line(
            'MTTR median',
            series.map((p) => median(p.mttr)),
            'orange'
          ),
        ],
      }),
    ],
    theme
  );
}

/** Incidents declared per bucket, as bars. */
export function countFrames(series: InsightsPoint[], theme: GrafanaTheme2): DataFrame[] {
  return styled(
    [
      createDataFrame({
        refId: 'incidents',
        fields: [
          time(series),
          {
            name: 'Incidents',
            type: FieldType.number,
            values: series.map((p) => p.incidents),
            config: {
              min: 0,
              decimals: 0,
              color: { mode: FieldColorModeId.Fixed, fixedColor: 'purple' },
              // A bucket's bar starts at its start and spans it (1: after the point).
              custom: { drawStyle: 'bars', fillOpacity: 80, lineWidth: 1, barAlignment: 1 },
            },
          },
        ],
      }),
    ],
    theme
  );
}
