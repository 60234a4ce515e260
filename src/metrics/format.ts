import type { IncidentMetrics, SignalFinding } from '../api/types';

type MetricThresholds = IncidentMetrics['thresholds'];

/** Error rate as a percentage with sensible precision: 0.123 → "12.3%", 0.0004 → "0.04%". */
export function formatRatio(v: number): string {
  const pct = v * 100;
  const digits = pct >= 10 ? 1 : pct >= 1 ? 2 : 3;
  return `${Number(pct.toFixed(digits))}%`;
}

/** Latency in seconds as ms below 1 s: 0.812 → "812 ms", 2.5 → "2.5 s". */
export function formatSeconds(v: number): string {
  return v < 1 ? `${Math.round(v * 1000)} ms` : `${Number(v.toFixed(2))} s`;
}

/** The threshold bands a pair of graphs draws, in words. */
export function bandsText(t: MetricThresholds): string {
  return (
    `Bands: error rate elevated above ${formatRatio(t.errorRateElevated)}, high above ${formatRatio(t.errorRateHigh)}; ` +
    `p99 latency above ${formatSeconds(t.latencyP99Seconds)}.`
  );
}

export function formatMetricValue(kind: SignalFinding['kind'], v: number): string {
  return kind === 'error_rate' ? formatRatio(v) : formatSeconds(v);
}

/** A duration in ms as "6m", "1h 5m", "45s". */
export function formatDurationMs(ms: number): string {
  const s = Math.round(ms / 1000);
  if (s < 60) {
    return `${s}s`;
  }
  const m = Math.floor(s / 60);
  if (m < 60) {
    return `${m}m`;
  }
  return m % 60 ? `${Math.floor(m / 60)}h ${m % 60}m` : `${Math.floor(m / 60)}h`;
}

export const METRIC_NAME: Record<SignalFinding['kind'], string> = {
  error_rate: 'Error rate',
  latency: 'p99 latency',
};
