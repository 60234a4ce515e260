import React from 'react';
import { css } from '@emotion/css';
import type { GrafanaTheme2 } from '@grafana/data';
import { Icon, type IconName, useStyles2 } from '@grafana/ui';

import type { TargetView } from '../../../api/types';

const KIND_ICON: Record<TargetView['target']['kind'], IconName> = {
  schedule: 'calendar-alt',
  user: 'user',
  team: 'users-alt',
  channel: 'bell',
};

/** One tier target: what it is, then whom it reaches now or why it reaches nobody. */
export function TargetLine({ target }: { target: TargetView }) {
  const s = useStyles2(getStyles);
  const label = target.label || target.target.id;
  return (
    <li className={s.line}>
      <Icon name={KIND_ICON[target.target.kind]} aria-label={target.target.kind} />
      <span>
        {label}
        {target.problem ? (
          <span className={s.problem}> — {target.problem}</span>
        ) : target.people.length > 0 ? (
          <span className={s.muted}> → {target.people.join(', ')}</span>
        ) : null}
        {target.next && (
          <span className={s.muted}>
            {' '}
            · next {target.next.user} from {formatNext(target.next.start)}
          </span>
        )}
      </span>
    </li>
  );
}

/** "Tue 09:00" in the browser's zone: the hand-off is days away at most, usually. */
function formatNext(iso: string): string {
  return new Date(iso).toLocaleString(undefined, { weekday: 'short', hour: '2-digit', minute: '2-digit' });
}

const getStyles = (theme: GrafanaTheme2) => ({
  line: css({
    display: 'flex',
    gap: theme.spacing(0.5),
    alignItems: 'baseline',
  }),
  muted: css({ color: theme.colors.text.secondary }),
  problem: css({ color: theme.colors.warning.text }),
});
