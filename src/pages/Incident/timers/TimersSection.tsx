import React from 'react';
import { css } from '@emotion/css';
import type { GrafanaTheme2 } from '@grafana/data';
import { useStyles2 } from '@grafana/ui';

import type { Incident } from '../../../api/types';
import { groupByDue } from '../../../timers/groups';
import { TimerCard } from '../../../timers/TimerCard';
import { ResourceStatus } from '../../../components/ResourceStatus';
import { useTimers } from './useTimers';

// Warning, not error: the rest of the incident page works without the timers.
const UNLOADED = { errorTitle: 'Timers unavailable', loadingText: 'Loading timers…', severity: 'warning' } as const;

interface Props {
  incident: Incident;
  /** Newest timeline seq (undefined until loaded): a status update or acknowledgement changes the timers without a new version. */
  lastSeq: number | undefined;
}

/**
 * Respond-by, next update, next escalation tier, resolve-by and post-mortem
 * countdowns, one card per deadline. Each card ticks on its own; this section renders only when
 * the timers are fetched (incident changed, or a state change the server
 * announced), never every second.
 */
export function TimersSection({ incident, lastSeq }: Props) {
  const s = useStyles2(getStyles);
  const { timers, offset } = useTimers(incident, lastSeq);
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
          {groupByDue(data.timers).map((g) => (
            <TimerCard key={g.key} group={g} offsetMs={offset} />
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

const getStyles = (theme: GrafanaTheme2) => ({
  list: css({
    listStyle: 'none',
    margin: 0,
    padding: 0,
    display: 'flex',
    flexDirection: 'column',
    gap: theme.spacing(1),
  }),
  muted: css({ color: theme.colors.text.secondary }),
});
