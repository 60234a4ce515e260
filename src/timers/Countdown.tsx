import React, { useEffect, useState } from 'react';
import { css, cx } from '@emotion/css';
import type { GrafanaTheme2, IconName } from '@grafana/data';
import { Icon, useStyles2 } from '@grafana/ui';

import type { Timer, TimerState } from '../api/types';
import { STATE_LABEL, countdownText, isRunning, stateAt } from './countdown';

/**
 * The server's time (browser time + `offsetMs`), updated every second while
 * `ticking`. Only the component that calls it re-renders, so a page full of
 * countdowns does not re-render the page every second.
 */
export function useServerNow(offsetMs: number, ticking: boolean): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    if (!ticking) {
      return;
    }
    const id = setInterval(() => setNow(Date.now()), 1000);
    return () => clearInterval(id);
  }, [ticking]);
  return now + offsetMs;
}

/** Whether a timer's reading changes with time (it counts down to a deadline). */
export function ticks(timer: Timer): boolean {
  return isRunning(timer.state) && !!timer.due;
}

// Never colour alone: each state has its icon beside the word.
const STATE_ICON: Record<TimerState, IconName> = {
  ok: 'clock-nine',
  warning: 'hourglass',
  breached: 'exclamation-triangle',
  met: 'check-circle',
  missed: 'times-circle',
  stopped: 'minus-circle',
};

/** A timer's state in one word with its icon, then what it adds: "Breached overdue by 4m 09s", "Stopped". */
export function CountdownAt({ timer, nowMs }: { timer: Timer; nowMs: number }) {
  const s = useStyles2(getStyles);
  const state = stateAt(timer, nowMs);
  const text = countdownText(timer, nowMs);
  return (
    <span className={cx(s.countdown, s[state])} data-state={state}>
      <span className={s.state}>
        <Icon name={STATE_ICON[state]} size="sm" aria-hidden />
        {STATE_LABEL[state]}
      </span>
      {text && <span className={s.value}>{text}</span>}
    </span>
  );
}

interface Props {
  timer: Timer;
  /** Server time minus browser time (clockOffset), so the countdown follows the server's clock. */
  offsetMs: number;
}

/** A live countdown with its state in words, icon and colour; it flips to breached on its own at the deadline. */
export function Countdown({ timer, offsetMs }: Props) {
  const now = useServerNow(offsetMs, ticks(timer));
  return <CountdownAt timer={timer} nowMs={now} />;
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
      display: 'inline-flex',
      alignItems: 'center',
      gap: theme.spacing(0.5),
      whiteSpace: 'nowrap',
      fontWeight: theme.typography.fontWeightMedium,
    }),
    value: css({ fontVariantNumeric: 'tabular-nums', fontWeight: theme.typography.fontWeightMedium }),
    ok: coloured(theme.colors.text.primary),
    warning: coloured(theme.colors.warning.text),
    breached: coloured(theme.colors.error.text),
    met: coloured(theme.colors.text.secondary),
    missed: coloured(theme.colors.error.text),
    stopped: coloured(theme.colors.text.secondary),
  };
  return styles;
};
