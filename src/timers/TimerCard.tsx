import React from 'react';
import { css, cx } from '@emotion/css';
import { dateTimeFormat, type GrafanaTheme2 } from '@grafana/data';
import { useStyles2 } from '@grafana/ui';

import { CountdownAt, ticks, useServerNow } from './Countdown';
import { stateAt } from './countdown';
import { type TimerGroup, mostUrgent } from './groups';

interface Props {
  group: TimerGroup;
  /** Server time minus browser time (clockOffset). */
  offsetMs: number;
  /** The panel's denser card. */
  compact?: boolean;
}

/**
 * One deadline, as the incident page and the timers panel both show it: the
 * labels of the timers due then, the most urgent one's countdown, and the time.
 * A breached card is red and a due-soon card amber, each also saying so in
 * words with an icon; finished timers stay neutral. It ticks on its own.
 */
export function TimerCard({ group, offsetMs, compact }: Props) {
  const s = useStyles2(getStyles);
  const now = useServerNow(offsetMs, group.timers.some(ticks));
  const timer = mostUrgent(group, now);
  const state = stateAt(timer, now);
  const tone = state === 'breached' ? s.breached : state === 'warning' ? s.warning : undefined;
  return (
    <li
      className={cx(s.card, compact && s.compact, tone)}
      aria-label={group.label}
      data-kind={group.timers.map((t) => t.kind).join(' ')}
      data-state={state}
    >
      <span className={s.label}>{group.label}</span>
      <span className={s.countdown}>
        <CountdownAt timer={timer} nowMs={now} />
      </span>
      {timer.due && (
        <time className={s.due} dateTime={timer.due} title={timer.detail}>
          due {dateTimeFormat(timer.due, { format: compact ? 'HH:mm:ss' : 'MMM D HH:mm:ss' })}
        </time>
      )}
    </li>
  );
}

const getStyles = (theme: GrafanaTheme2) => ({
  card: css({
    display: 'grid',
    // Both sides wrap (three merged labels are long, and so is "Met acknowledged 6m early by …"),
    // the labels never narrower than "Respond by".
    gridTemplateColumns: 'minmax(12ch, 1fr) minmax(0, max-content)',
    columnGap: theme.spacing(1),
    padding: theme.spacing(1),
    border: `1px solid ${theme.colors.border.weak}`,
    borderRadius: theme.shape.radius.default,
  }),
  compact: css({ padding: theme.spacing(0.5, 1), fontSize: theme.typography.bodySmall.fontSize }),
  breached: css({ borderColor: theme.colors.error.border, background: theme.colors.error.transparent }),
  warning: css({ borderColor: theme.colors.warning.border, background: theme.colors.warning.transparent }),
  label: css({ fontWeight: theme.typography.fontWeightMedium }),
  countdown: css({ justifySelf: 'end', textAlign: 'right' }),
  due: css({ gridColumn: '1 / -1', color: theme.colors.text.secondary, fontSize: theme.typography.bodySmall.fontSize }),
});
