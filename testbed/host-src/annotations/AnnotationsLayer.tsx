// The annotation layer of a time-series panel, reduced to what a test can check: over the panel's
// time axis, a marker at each event's time and a band for each region, placed the way Grafana's
// AnnotationsPlugin2 places them (x = (t - from) / (to - from) of the plot width). Each carries its
// times in data attributes and its title as the tooltip text.
import { css } from '@emotion/css';

import { GrafanaTheme2, dateTimeFormat } from '@grafana/data';
import { useStyles2 } from '@grafana/ui';

import type { AnnotationEvent } from './fromFrames';

const pct = (t: number, from: number, to: number) =>
  `${((Math.min(Math.max(t, from), to) - from) / (to - from)) * 100}%`;

export function AnnotationsLayer({ events, from, to }: { events: AnnotationEvent[]; from: number; to: number }) {
  const s = useStyles2(getStyles);
  return (
    <div className={s.plot} data-testid="annotations-layer" data-from={from} data-to={to}>
      {events.map((e, i) =>
        e.isRegion ? (
          <div
            key={i}
            className={s.region}
            style={{
              left: pct(e.time, from, to),
              width: `calc(${pct(e.timeEnd, from, to)} - ${pct(e.time, from, to)})`,
            }}
            data-testid="annotation-region"
            data-time={e.time}
            data-time-end={e.timeEnd}
            title={`${e.title}\n${dateTimeFormat(e.time)} – ${dateTimeFormat(e.timeEnd)}`}
          />
        ) : (
          <div
            key={i}
            className={s.marker}
            style={{ left: pct(e.time, from, to) }}
            data-testid="annotation-marker"
            data-time={e.time}
            title={`${e.title}\n${dateTimeFormat(e.time)}`}
          />
        )
      )}
    </div>
  );
}

const getStyles = (theme: GrafanaTheme2) => ({
  plot: css({ position: 'relative', height: 120, borderBottom: `1px solid ${theme.colors.border.medium}` }),
  marker: css({
    position: 'absolute',
    top: 0,
    bottom: 0,
    width: 2,
    marginLeft: -1,
    background: theme.colors.error.main,
  }),
  region: css({ position: 'absolute', top: 0, bottom: 0, background: theme.colors.error.transparent }),
});
