import React, { useEffect, useState } from 'react';
import { css, cx } from '@emotion/css';
import type { GrafanaTheme2 } from '@grafana/data';
import { useStyles2 } from '@grafana/ui';

import type { Timer, TimerState } from '../api/types';
import { STATE_LABEL, countdownText, isRunning, stateAt } from './countdown';

/**
 * The current time, updated every second while `ticking`. Only the component
 * that calls it re-renders, so a page full of countdowns does not re-render
 * the page every second.
 */
function useSecondTick(ticking: boolean): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    if (!ticking) {
      return;
    }
    const id = setInterval(() => setNow(Date.now()), 1000);
    return () => clearInterval(id);
  }, [ticking]);
  return now;
}

interface Props {
  timer: Timer;
  /** Server time minus browser time (clockOffset), so the countdown follows the server's clock. */
  offsetMs: number;
}

/** A live countdown with its state in words and colour; it flips to breached on its own at the deadline. */
export function Countdown({ timer, offsetMs }: Props) {
  const s = useStyles2(getStyles);
  const now = useSecondTick(isRunning(timer.state) && !!timer.due) + offsetMs;
  const state = stateAt(timer, now);
  return (
    <span className={cx(s.countdown, s[state])} data-state={state}>
      <span className={s.state}>{STATE_LABEL[state]}</span>
      <span className={s.value}>{countdownText(timer, now)}</span>
    </span>
  );
}

const getStyles = (theme: GrafanaTheme2) => {
  const coloured = (color: string) => css({ color });
  const styles: Record<TimerState, string> & Record<'countdown' | 'state' | 'value', string> = {
    // Wraps between state and value (and inside a long value such as "resolved without an
    // acknowledgement") rather than squeezing the label beside it.
    countdown: css({
      display: 'inline-flex',
      flexWrap: 'wrap',
      justifyContent: 'flex-end',
      columnGap: theme.spacing(1),
      alignItems: 'baseline',
    }),
    state: css({
      whiteSpace: 'nowrap',
      fontSize: theme.typography.bodySmall.fontSize,
      fontWeight: theme.typography.fontWeightMedium,
      textTransform: 'uppercase',
    }),
    value: css({ fontVariantNumeric: 'tabular-nums', fontWeight: theme.typography.fontWeightMedium }),
    ok: coloured(theme.colors.success.text),
    warning: coloured(theme.colors.warning.text),
    breached: coloured(theme.colors.error.text),
    met: coloured(theme.colors.text.secondary),
    missed: coloured(theme.colors.error.text),
    stopped: coloured(theme.colors.text.disabled),
  };
  return styles;
};
