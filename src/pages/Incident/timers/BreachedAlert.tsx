import React from 'react';
import { Alert } from '@grafana/ui';

import type { Incident } from '../../../api/types';
import { formatDurationMs } from '../../../metrics/format';
import { ticks, useServerNow } from '../../../timers/Countdown';
import { type Breach, breaches } from '../../../timers/groups';
import { useTimers } from './useTimers';

interface Props {
  incident: Incident;
  /** Newest timeline seq, as TimersSection takes it: the same key, so the timers are fetched once for both. */
  lastSeq: number | undefined;
}

const ACT = 'escalate or acknowledge';

/**
 * A page-level alert while any running timer is past its deadline, so a breach
 * is seen without finding the Timers section. It ticks with the server's clock:
 * a deadline passing while the page is open raises it without a reload.
 */
export function BreachedAlert({ incident, lastSeq }: Props): React.JSX.Element | null {
  const { timers, offset } = useTimers(incident, lastSeq);
  const all = timers.data?.timers ?? [];
  const now = useServerNow(offset, all.some(ticks));
  const breached = breaches(all, now);
  if (breached.length === 0) {
    return null;
  }
  if (breached.length === 1) {
    return <Alert severity="error" title={`${breachText(breached[0])} — ${ACT}`} />;
  }
  return (
    <Alert severity="error" title={`${breached.length} deadlines breached — ${ACT}`}>
      <ul>
        {breached.map((b) => (
          <li key={b.group.key}>{breachText(b)}</li>
        ))}
      </ul>
    </Alert>
  );
}

/** "Respond by breached 6m ago". */
function breachText({ group, overdueMs }: Breach): string {
  return overdueMs < 60_000
    ? `${group.label} breached just now`
    : `${group.label} breached ${formatDurationMs(overdueMs)} ago`;
}
