import {
  type DataFrame,
  FieldColorModeId,
  FieldType,
  type GrafanaTheme2,
  ThresholdsMode,
  applyFieldOverrides,
  createDataFrame,
} from '@grafana/data';

import type { IncidentMetrics, MetricQuery } from '../api/types';

export type GraphKind = 'errorRate' | 'latency';

/** What a graph takes of the answer it draws (IncidentMetrics, ServicePreview): its time window and thresholds. */
export type GraphWindow = Pick<IncidentMetrics, 'from' | 'to' | 'thresholds'>;

/** Threshold steps of a graph: warning and breach bands from the policy. */
export function thresholdSteps(kind: GraphKind, t: IncidentMetrics['thresholds']) {
  const base = { value: -Infinity, color: 'green' };
  return kind === 'errorRate'
    ? [base, { value: t.errorRateElevated, color: 'orange' }, { value: t.errorRateHigh, color: 'red' }]
    : [base, { value: t.latencyP99Seconds, color: 'red' }];
}

/**
 * Data frames for Grafana's TimeSeries: one per series of the query, values
 * null where Prometheus had no sample (gaps stay gaps), thresholds drawn as
 * lines and areas the way a time series panel draws them.
 */
export function graphFrames(
  query: MetricQuery,
  kind: GraphKind,
  metrics: GraphWindow,
  theme: GrafanaTheme2
): DataFrame[] {
  const frames = query.series.map((s, i) =>
    createDataFrame({
      refId: `${kind}-${i}`,
      fields: [
        { name: 'Time', type: FieldType.time, values: s.points.map((p) => p[0]) },
        {
          name: kind === 'errorRate' ? 'Error rate' : 'p99 latency',
          type: FieldType.number,
          values: s.points.map((p) => p[1]),
          labels: s.labels,
          config: {
            unit: kind === 'errorRate' ? 'percentunit' : 's',
            min: 0,
            decimals: kind === 'errorRate' ? 2 : undefined,
            color: { mode: FieldColorModeId.PaletteClassic },
            thresholds: { mode: ThresholdsMode.Absolute, steps: thresholdSteps(kind, metrics.thresholds) },
            custom: {
              drawStyle: 'line',
              lineInterpolation: 'linear',
              lineWidth: 1,
              fillOpacity: 10,
              showPoints: 'never',
              spanNulls: false,
              axisPlacement: 'auto',
              thresholdsStyle: { mode: 'line+area' },
            },
          },
        },
      ],
    })
  );
  return applyFieldOverrides({
    data: frames,
    fieldConfig: { defaults: {}, overrides: [] },
    replaceVariables: (v: string) => v,
    theme,
    timeZone: 'browser',
  });
}
