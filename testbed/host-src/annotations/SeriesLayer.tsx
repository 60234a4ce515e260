// The time-series line of a dashboard panel, reduced to what a test can check: one Prometheus
// range query through Grafana's data source proxy (/api/datasources/proxy/uid/<uid>/, the route
// plugins use; the test bed has no Prometheus data source plugin to run it through /api/ds/query)
// drawn as a polyline over the same time axis as AnnotationsLayer, so annotations land on the
// series they explain.
import { css } from '@emotion/css';
import { useEffect, useState } from 'react';
import { lastValueFrom } from 'rxjs';

import { GrafanaTheme2 } from '@grafana/data';
import { getBackendSrv } from '@grafana/runtime';
import { useStyles2 } from '@grafana/ui';

const PROXY = '/api/datasources/proxy/uid/prometheus/api/v1/query_range';
/** Points across the panel, as a panel's maxDataPoints. */
const POINTS = 300;

type Point = [number, number]; // ms, value

interface QueryRangeResponse {
  data: { result: Array<{ values: Array<[number, string]> }> };
}

async function queryRange(expr: string, from: number, to: number): Promise<Point[]> {
  const step = Math.max(15, Math.round((to - from) / 1000 / POINTS));
  const form = new URLSearchParams({ query: expr, start: String(from / 1000), end: String(to / 1000), step: String(step) });
  const res = await lastValueFrom(
    getBackendSrv().fetch<QueryRangeResponse>({
      url: PROXY,
      method: 'POST',
      data: form.toString(),
      headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
      showErrorAlert: false,
    })
  );
  const first = res.data.data.result[0];
  return (first?.values ?? []).map(([t, v]) => [t * 1000, Number(v)] as Point).filter(([, v]) => Number.isFinite(v));
}

export function SeriesLayer({ expr, from, to, label }: { expr: string; from: number; to: number; label: string }) {
  const s = useStyles2(getStyles);
  const [points, setPoints] = useState<Point[]>();
  const [error, setError] = useState<string>();
  useEffect(() => {
    queryRange(expr, from, to).then(setPoints, (e) => setError(e?.data?.error ?? e?.statusText ?? String(e)));
  }, [expr, from, to]);
  if (error) {
    return <p role="alert">Could not query Prometheus: {error}</p>;
  }
  if (!points) {
    return null;
  }
  if (points.length === 0) {
    return <p className={s.empty}>No data for {label} in this time range.</p>;
  }
  const top = Math.max(...points.map(([, v]) => v)) || 1;
  const xy = points.map(([t, v]) => `${((t - from) / (to - from)) * 1000},${100 - (v / top) * 95}`).join(' ');
  return (
    <svg className={s.svg} viewBox="0 0 1000 100" preserveAspectRatio="none" role="img" aria-label={label} data-testid="series">
      <polyline points={xy} className={s.line} vectorEffect="non-scaling-stroke" data-points={points.length} />
    </svg>
  );
}

const getStyles = (theme: GrafanaTheme2) => ({
  svg: css({ position: 'absolute', inset: 0, width: '100%', height: 120 }),
  line: css({ fill: 'none', stroke: theme.visualization.getColorByName('green'), strokeWidth: 2 }),
  empty: css({ position: 'absolute', margin: theme.spacing(1), color: theme.colors.text.secondary }),
});
