// The one line above a graph that says whether it is breaching: the latest
// value against the policy's threshold, in words (colour and icon come on top).
import type { IncidentMetrics, MetricQuery } from '../api/types';
import { formatRatio, formatSeconds } from './format';
import type { GraphKind } from './frames';

/** above: past the breach threshold; elevated: past the error rate's warning band; under: neither. */
export type ReadingLevel = 'above' | 'elevated' | 'under';

export interface Reading {
  level: ReadingLevel;
  /** "Error rate 7.2% — above the 5% threshold". */
  text: string;
}

const NAME: Record<GraphKind, string> = { errorRate: 'Error rate', latency: 'p99 latency' };

/** The latest sample of each series, the worst of them (highest); undefined without any sample. */
export function latestValue(query: MetricQuery): number | undefined {
  let worst: number | undefined;
  for (const s of query.series) {
    const last = [...s.points].reverse().find((p) => p[1] !== null)?.[1];
    if (last !== undefined && last !== null && (worst === undefined || last > worst)) {
      worst = last;
    }
  }
  return worst;
}

/** The graph's latest value against its thresholds; undefined when there is no sample to read. */
export function reading(query: MetricQuery, kind: GraphKind, t: IncidentMetrics['thresholds']): Reading | undefined {
  const v = latestValue(query);
  if (v === undefined) {
    return undefined;
  }
  if (kind === 'latency') {
    const limit = formatSeconds(t.latencyP99Seconds);
    return v > t.latencyP99Seconds
      ? { level: 'above', text: `${NAME[kind]} ${formatSeconds(v)} — above the ${limit} threshold` }
      : { level: 'under', text: `${NAME[kind]} ${formatSeconds(v)} — under ${limit}` };
  }
  const now = `${NAME[kind]} ${formatRatio(v)}`;
  if (v > t.errorRateHigh) {
    return { level: 'above', text: `${now} — above the ${formatRatio(t.errorRateHigh)} threshold` };
  }
  if (v > t.errorRateElevated) {
    return {
      level: 'elevated',
      text: `${now} — elevated above ${formatRatio(t.errorRateElevated)}, under the ${formatRatio(t.errorRateHigh)} threshold`,
    };
  }
  return { level: 'under', text: `${now} — under ${formatRatio(t.errorRateElevated)}` };
}
