import React, { useEffect, useRef, useState } from 'react';
import { dateTime, makeTimeRange } from '@grafana/data';
import { LegendDisplayMode } from '@grafana/schema';
import { TimeSeries, type UPlotConfigBuilder, useTheme2 } from '@grafana/ui';

import type { MetricQuery } from '../../../api/types';
import { type GraphKind, type GraphWindow, graphFrames } from '../../../metrics/frames';

interface Props {
  query: MetricQuery;
  kind: GraphKind;
  /** The window drawn and the thresholds: an incident's metrics, or a service's preview. */
  metrics: GraphWindow;
  /** The incident window shaded on the graph: declared → resolved (or now); none outside an incident. */
  window?: { start: number; end?: number };
  title: string;
}

const HEIGHT = 180;

/** One error-rate or latency graph, drawn with Grafana's TimeSeries like a panel. */
export function MetricGraph({ query, kind, metrics, window: incidentWindow, title }: Props) {
  const theme = useTheme2();
  const [ref, width] = useWidth<HTMLElement>();
  const frames = React.useMemo(() => graphFrames(query, kind, metrics, theme), [query, kind, metrics, theme]);
  const timeRange = React.useMemo(
    () => makeTimeRange(dateTime(metrics.from), dateTime(metrics.to)),
    [metrics.from, metrics.to]
  );
  const shaded = useRef(new WeakSet<UPlotConfigBuilder>());
  const shade = theme.colors.primary.transparent;

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
          // TimeSeries hands the same builder to every render until its props change: add the hook once.
          if (incidentWindow && !shaded.current.has(builder)) {
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
          }
          return null;
        }}
      </TimeSeries>
    );
  }
  return (
    <figure ref={ref} aria-label={title} style={{ margin: 0, minHeight: HEIGHT }} data-testid={`graph-${kind}`}>
      <figcaption title={query.query}>{title}</figcaption>
      {body}
    </figure>
  );
}

/** The element's width, kept up to date as the layout changes. */
function useWidth<T extends HTMLElement>(): [React.RefObject<T>, number] {
  const ref = useRef<T>(null);
  const [width, setWidth] = useState(0);
  useEffect(() => {
    const el = ref.current;
    if (!el) {
      return;
    }
    setWidth(el.clientWidth);
    if (typeof ResizeObserver === 'undefined') {
      return;
    }
    const ro = new ResizeObserver(([entry]) => setWidth(Math.floor(entry.contentRect.width)));
    ro.observe(el);
    return () => ro.disconnect();
  }, []);
  return [ref, width];
}
