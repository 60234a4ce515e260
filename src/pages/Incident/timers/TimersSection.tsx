import React from 'react';
import { css } from '@emotion/css';
import { dateTimeFormat, type GrafanaTheme2 } from '@grafana/data';
import { useStyles2 } from '@grafana/ui';

import { useIncidentTimers } from '../../../api/hooks';
import type { Incident, Timer } from '../../../api/types';
import { Countdown } from '../../../timers/Countdown';
import { useServerClock } from '../../../timers/useClockOffset';
import { ResourceStatus } from '../../../components/ResourceStatus';

// Warning, not error: the rest of the incident page works without the timers.
const UNLOADED = { errorTitle: 'Timers unavailable', loadingText: 'Loading timers…', severity: 'warning' } as const;

interface Props {
  incident: Incident;
  /** Length of the timeline: a status update or acknowledgement changes the timers without a new version. */
  eventCount: number;
}

/**
 * Respond-by, next update, next escalation tier, resolve-by and post-mortem
 * countdowns. Each Countdown ticks on its own; this section renders only when
 * the timers are fetched (incident changed, or a state change the server
 * announced), never every second.
 */
export function TimersSection({ incident, eventCount }: Props) {
  const s = useStyles2(getStyles);
  const timers = useIncidentTimers(incident.id, `${incident.version}:${eventCount}`);
  const offset = useServerClock(timers.data, timers.reload);
  const data = timers.data;

  let body: React.ReactNode;
  if (timers.error || !data) {
    body = <ResourceStatus resource={timers} {...UNLOADED} />;
  } else if (data.timers.length === 0) {
    body = <p className={s.muted}>The policy has no targets for {incident.severity}, so nothing counts down.</p>;
  } else {
    body = (
      <>
        <ul className={s.list}>
          {data.timers.map((t) => (
            <TimerRow key={t.kind} timer={t} offset={offset} />
          ))}
        </ul>
        {data.currentTier.who && <p className={s.muted}>Engaged now: {data.currentTier.who}</p>}
      </>
    );
  }
  return (
    <section aria-label="Timers">
      <h3>Timers</h3>
      {body}
    </section>
  );
}

function TimerRow({ timer, offset }: { timer: Timer; offset: number }) {
  const s = useStyles2(getStyles);
  return (
    <li className={s.row} aria-label={timer.label} data-kind={timer.kind}>
      <span className={s.label}>{timer.label}</span>
      <span className={s.countdown}>
        <Countdown timer={timer} offsetMs={offset} />
      </span>
      {timer.due && (
        <time className={s.due} dateTime={timer.due} title={timer.detail}>
          {dateTimeFormat(timer.due, { format: 'MMM D HH:mm:ss' })}
        </time>
      )}
    </li>
  );
}

const getStyles = (theme: GrafanaTheme2) => ({
  list: css({
    listStyle: 'none',
    margin: 0,
    padding: 0,
    display: 'flex',
    flexDirection: 'column',
    gap: theme.spacing(1),
  }),
  row: css({
    display: 'grid',
    gridTemplateColumns: 'max-content minmax(0, 1fr)',
    columnGap: theme.spacing(1),
    padding: theme.spacing(1),
    border: `1px solid ${theme.colors.border.weak}`,
    borderRadius: theme.shape.radius.default,
  }),
  label: css({ fontWeight: theme.typography.fontWeightMedium, whiteSpace: 'nowrap' }),
  countdown: css({ justifySelf: 'end', textAlign: 'right' }),
  due: css({ gridColumn: '1 / -1', color: theme.colors.text.secondary, fontSize: theme.typography.bodySmall.fontSize }),
  muted: css({ color: theme.colors.text.secondary }),
});
