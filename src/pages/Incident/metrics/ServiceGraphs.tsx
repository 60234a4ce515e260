import React from 'react';
import { css } from '@emotion/css';
import type { GrafanaTheme2 } from '@grafana/data';
import { useStyles2 } from '@grafana/ui';

import type { IncidentMetrics } from '../../../api/types';
import type { GraphKind, GraphWindow } from '../../../metrics/frames';
import { MetricGraph } from './MetricGraph';

interface Props {
  service: IncidentMetrics['services'][number];
  metrics: GraphWindow;
  window?: { start: number; end?: number };
}

const GRAPHS: Array<{ kind: GraphKind; title: string }> = [
  { kind: 'errorRate', title: 'Error rate' },
  { kind: 'latency', title: 'p99 latency' },
];

/** A service's error-rate and p99-latency graphs side by side (stacked on narrow screens). */
export function ServiceGraphs({ service, metrics, window }: Props) {
  const s = useStyles2(getStyles);
  return (
    <div className={s.pair}>
      {GRAPHS.map(({ kind, title }) => (
        <MetricGraph
          key={kind}
          query={service[kind]}
          kind={kind}
          metrics={metrics}
          window={window}
          title={title}
          service={service.service}
        />
      ))}
    </div>
  );
}

const getStyles = (theme: GrafanaTheme2) => ({
  pair: css({
    display: 'grid',
    gap: theme.spacing(2),
    gridTemplateColumns: 'minmax(0, 1fr) minmax(0, 1fr)',
    [theme.breakpoints.down('md')]: { gridTemplateColumns: 'minmax(0, 1fr)' },
  }),
});
