import React, { useRef } from 'react';
import { css, cx } from '@emotion/css';
import { type GrafanaTheme2, dateTime, makeTimeRange } from '@grafana/data';
import { config } from '@grafana/runtime';
import { LegendDisplayMode } from '@grafana/schema';
import {
  Icon,
  LinkButton,
  TimeSeries,
  TooltipPlugin2,
  type UPlotConfigBuilder,
  useStyles2,
  useTheme2,
} from '@grafana/ui';

import type { MetricQuery } from '../../../api/types';
import { exploreUrl } from '../../../metrics/explore';
import { type GraphKind, type GraphWindow, graphFrames } from '../../../metrics/frames';
import { type Reading, reading } from '../../../metrics/reading';
import { usePrometheusUid } from '../../../metrics/usePrometheusUid';
import { useWidth } from '../../../components/useWidth';
import { GraphTooltip } from './GraphTooltip';

interface Props {
  query: MetricQuery;
  kind: GraphKind;
  /** The window drawn and the thresholds: an incident's metrics, or a service's preview. */
  metrics: GraphWindow;
  /** The incident window shaded on the graph: declared → resolved (or now); none outside an incident. */
  window?: { start: number; end?: number };
  title: string;
  /** The service graphed, for the Explore link's accessible name. */
  service: string;
}

const HEIGHT = 180;

// TooltipPlugin2's hover modes are a const enum @grafana/ui does not export: 1 is xAll,
// every series at the cursor's time (the "All" tooltip mode of a time series panel).
const HOVER_ALL = 1 as React.ComponentProps<typeof TooltipPlugin2>['hoverMode'];

/**
 * One error-rate or latency graph, drawn with Grafana's TimeSeries like a panel: above it the latest
 * value against its threshold in words, threshold bands on it, a tooltip, and a link to Explore.
 */
export function MetricGraph({ query, kind, metrics, window: incidentWindow, title, service }: Props) {
  const theme = useTheme2();
  const s = useStyles2(getStyles);
  const datasourceUid = usePrometheusUid();
  const [ref, width] = useWidth<HTMLElement>();
  const frames = React.useMemo(() => graphFrames(query, kind, metrics, theme), [query, kind, metrics, theme]);
  const timeRange = React.useMemo(
    () => makeTimeRange(dateTime(metrics.from), dateTime(metrics.to)),
    [metrics.from, metrics.to]
  );
  const shaded = useRef(new WeakSet<UPlotConfigBuilder>());
  const shade = theme.colors.primary.transparent;
  const latest = query.error ? undefined : reading(query, kind, metrics.thresholds);

  /** Shades the incident window; TimeSeries hands the same builder to every render until its props change. */
  const shadeOnce = (builder: UPlotConfigBuilder) => {
    if (!incidentWindow || shaded.current.has(builder)) {
      return;
    }
    shaded.current.add(builder);
    builder.addHook('draw', (u) => {
      const x0 = u.valToPos(incidentWindow.start, 'x', true);
      const x1 = u.valToPos(incidentWindow.end ?? Date.now(), 'x', true);
      const left = Math.max(u.bbox.left, x0);
      const right = Math.min(u.bbox.left + u.bbox.width, x1);
      if (right > left) {
        u.ctx.save();
        u.ctx.fillStyle = shade;
        u.ctx.fillRect(left, u.bbox.top, right - left, u.bbox.height);
        u.ctx.restore();
      }
    });
  };

  let body: React.ReactNode;
  if (query.error) {
    body = (
      <p role="alert">
        Could not read {title.toLowerCase()}: {query.error}
      </p>
    );
  } else if (query.series.length === 0) {
    body = <p>No data for this query in the window.</p>;
  } else if (width > 0) {
    body = (
      <TimeSeries
        frames={frames}
        width={width}
        height={HEIGHT}
        timeRange={timeRange}
        timeZone="browser"
        legend={{ showLegend: false, displayMode: LegendDisplayMode.List, placement: 'bottom', calcs: [] }}
      >
        {(builder: UPlotConfigBuilder) => {
          shadeOnce(builder);
          return (
            <TooltipPlugin2
              config={builder}
              hoverMode={HOVER_ALL}
              render={(u, dataIdxs) => <GraphTooltip u={u} dataIdxs={dataIdxs} query={query} kind={kind} />}
            />
          );
        }}
      </TimeSeries>
    );
  }
  return (
    <figure ref={ref} aria-label={title} className={s.figure} data-testid={`graph-${kind}`}>
      <figcaption className={s.caption}>
        <span title={query.query}>{title}</span>
        {datasourceUid && (
          <LinkButton
            href={`${config.appSubUrl ?? ''}${exploreUrl({ datasourceUid, expr: query.query, from: metrics.from, to: metrics.to })}`}
            aria-label={`Explore ${service} ${title.toLowerCase()} query`}
            icon="compass"
            size="sm"
            fill="text"
            variant="secondary"
          >
            Explore
          </LinkButton>
        )}
      </figcaption>
      {latest && <ReadingLine reading={latest} />}
      {body}
    </figure>
  );
}

const READING_ICON = { above: 'exclamation-triangle', elevated: 'exclamation-circle' } as const;

/** "Error rate 7.2% — above the 5% threshold": red with an icon above it, amber when elevated, quiet under. */
function ReadingLine({ reading: r }: { reading: Reading }) {
  const s = useStyles2(getStyles);
  return (
    <p className={cx(s.reading, s[r.level])} data-level={r.level}>
      {r.level !== 'under' && <Icon name={READING_ICON[r.level]} aria-hidden />}
      {r.text}
    </p>
  );
}

const getStyles = (theme: GrafanaTheme2) => ({
  figure: css({ margin: 0, minHeight: HEIGHT }),
  caption: css({ display: 'flex', alignItems: 'center', justifyContent: 'space-between', gap: theme.spacing(1) }),
  reading: css({
    display: 'flex',
    alignItems: 'center',
    gap: theme.spacing(0.5),
    margin: theme.spacing(0, 0, 0.5),
    fontWeight: theme.typography.fontWeightMedium,
  }),
  above: css({ color: theme.colors.error.text }),
  elevated: css({ color: theme.colors.warning.text }),
  under: css({ color: theme.colors.text.secondary, fontWeight: theme.typography.fontWeightRegular }),
});
