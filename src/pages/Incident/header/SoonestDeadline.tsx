import React from 'react';
import { css } from '@emotion/css';
import type { GrafanaTheme2 } from '@grafana/data';
import { Icon, useStyles2 } from '@grafana/ui';

import { useIncidentTimers } from '../../../api/hooks';
import type { Incident } from '../../../api/types';
import { Countdown } from '../../../timers/Countdown';
import { clockOffset, soonestRunning } from '../../../timers/countdown';
import { timersKey } from '../timers/useTimers';

interface Props {
  incident: Incident;
  /** Newest timeline seq, as TimersSection takes it: both read the one cached answer. */
  lastSeq: number | undefined;
}

/**
 * The deadline that falls first, counting down. It reads the timers TimersSection fetches (same
 * query), which also refetches them when a state changes, so this only takes the clock offset.
 */
export function SoonestDeadline({ incident, lastSeq }: Props) {
  const s = useStyles2(getStyles);
  const timers = useIncidentTimers(incident.id, timersKey(incident, lastSeq)).data;
  const soonest = timers && soonestRunning(timers.timers);
  return (
    <div role="group" aria-label="Soonest deadline" className={s.deadline}>
      <Icon name="clock-nine" aria-hidden />
      {!timers ? (
        <span className={s.muted}>Deadlines…</span>
      ) : soonest ? (
        <>
          <span className={s.label}>{soonest.label}</span>
          <Countdown timer={soonest} offsetMs={clockOffset(timers.now, timers.receivedAt)} />
        </>
      ) : (
        <span className={s.muted}>No deadline running</span>
      )}
    </div>
  );
}

const getStyles = (theme: GrafanaTheme2) => ({
  deadline: css({
    display: 'inline-flex',
    alignItems: 'center',
    gap: theme.spacing(1),
    whiteSpace: 'nowrap',
  }),
  label: css({ fontWeight: theme.typography.fontWeightMedium }),
  muted: css({ color: theme.colors.text.secondary }),
});
