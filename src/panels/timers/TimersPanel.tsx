import React, { useCallback, useMemo } from 'react';
import { useQuery } from '@tanstack/react-query';
import { css } from '@emotion/css';
import type { GrafanaTheme2, PanelProps } from '@grafana/data';
import { Alert, LoadingPlaceholder, TextLink, useStyles2 } from '@grafana/ui';

import { listActiveTimers } from '../../api/client';
import { toApiError } from '../../api/errors';
import { queryKeys } from '../../api/queryKeys';
import type { ActiveIncidentTimers, ActiveTimersQuery } from '../../api/types';
import { SeverityBadge } from '../../components/SeverityBadge';
import { incidentPath } from '../../constants';
import { STATUS_LABEL } from '../../incident/status';
import { isRunning } from '../../timers/countdown';
import { groupByDue } from '../../timers/groups';
import { TimerCard } from '../../timers/TimerCard';
import { received, useServerClock } from '../../timers/useClockOffset';
import { clampRows, parseServices, type TimersPanelOptions } from './options';

/** New incidents and changes show up within this time even when no timer changes state. */
export const REFRESH_MS = 15_000;

/** Active incidents of the dashboard's services, most urgent first, each with its running countdowns. */
export function TimersPanel({ options, replaceVariables, width, height, timeRange }: PanelProps<TimersPanelOptions>) {
  const s = useStyles2(getStyles);
  // csv: a multi-value variable becomes "a,b" rather than Grafana's default "{a,b}".
  const services = parseServices(replaceVariables(options.services ?? '', undefined, 'csv'));
  const query: ActiveTimersQuery = {
    services,
    severities: options.severities ?? [],
    limit: clampRows(options.maxRows),
  };
  // A dashboard refresh moves a relative time range; refetch with it.
  const refreshedAt = timeRange.to.valueOf();
  const timers = useQuery({
    queryKey: queryKeys.activeTimers(query, refreshedAt),
    queryFn: () => listActiveTimers(query).then(received),
    // While a refresh for the same options is in flight the rows stay; answers for other options
    // are not shown as if they were for these.
    placeholderData: (previous, previousQuery) =>
      JSON.stringify(previousQuery?.queryKey[1]) === JSON.stringify(query) ? previous : undefined,
    refetchInterval: REFRESH_MS,
  });
  const data = timers.data;
  const error = timers.error ? toApiError(timers.error) : undefined;
  const { refetch: refetchQuery } = timers;
  const refetch = useCallback(() => void refetchQuery(), [refetchQuery]);
  const nextChange = useMemo(() => earliest(data?.items.map((i) => i.nextChange)), [data]);
  const clockAnswer = useMemo(
    () => (data ? { now: data.now, receivedAt: data.receivedAt, nextChange } : undefined),
    [data, nextChange]
  );
  const offset = useServerClock(clockAnswer, refetch);

  let body: React.ReactNode;
  if (error) {
    body = (
      <Alert severity="error" title="Could not load incident timers">
        {error.message}
      </Alert>
    );
  } else if (!data) {
    body = <LoadingPlaceholder text="Loading incident timers…" />;
  } else if (data.items.length === 0) {
    body = (
      <p className={s.empty}>
        No active incidents{services.length > 0 ? ` for ${services.join(', ')}` : ''}
        {query.severities?.length ? ` at ${query.severities.join(', ')}` : ''}.
      </p>
    );
  } else {
    body = (
      <>
        <ul className={s.rows} aria-label="Active incidents">
          {data.items.map((item) => (
            <IncidentRow key={item.incident.id} item={item} offset={offset} />
          ))}
        </ul>
        {data.total > data.items.length && (
          <p className={s.more}>
            Showing the {data.items.length} most urgent of {data.total} active incidents.
          </p>
        )}
      </>
    );
  }
  return (
    <div className={s.panel} style={{ width, height }}>
      {body}
    </div>
  );
}

function IncidentRow({ item, offset }: { item: ActiveIncidentTimers; offset: number }) {
  const s = useStyles2(getStyles);
  const { incident } = item;
  const running = item.timers.filter((t) => isRunning(t.state) && t.due);
  return (
    <li className={s.row} aria-label={`${incident.id} ${incident.title}`}>
      <div className={s.head}>
        <SeverityBadge severity={incident.severity} />
        <TextLink href={incidentPath(incident.id)} inline={false} weight="medium">
          {incident.title}
        </TextLink>
        <span className={s.meta}>
          {incident.id} · {STATUS_LABEL[incident.status]} · {incident.services.join(', ')}
        </span>
      </div>
      <ul className={s.timers}>
        {groupByDue(running).map((g) => (
          <TimerCard key={g.key} group={g} offsetMs={offset} compact />
        ))}
      </ul>
    </li>
  );
}

/** The earliest of RFC 3339 times, or undefined. */
function earliest(times: Array<string | undefined> | undefined): string | undefined {
  let best: string | undefined;
  for (const t of times ?? []) {
    if (t && (!best || Date.parse(t) < Date.parse(best))) {
      best = t;
    }
  }
  return best;
}

const getStyles = (theme: GrafanaTheme2) => ({
  panel: css({ overflow: 'auto' }),
  rows: css({ listStyle: 'none', margin: 0, padding: 0 }),
  row: css({
    padding: theme.spacing(1, 0),
    borderBottom: `1px solid ${theme.colors.border.weak}`,
    '&:last-child': { borderBottom: 'none' },
  }),
  head: css({ display: 'flex', flexWrap: 'wrap', alignItems: 'center', gap: theme.spacing(1) }),
  meta: css({ color: theme.colors.text.secondary, fontSize: theme.typography.bodySmall.fontSize }),
  timers: css({
    listStyle: 'none',
    margin: theme.spacing(0.5, 0, 0),
    padding: 0,
    display: 'flex',
    flexWrap: 'wrap',
    gap: theme.spacing(0.5, 1),
  }),
  empty: css({ color: theme.colors.text.secondary, margin: theme.spacing(1) }),
  more: css({
    color: theme.colors.text.secondary,
    fontSize: theme.typography.bodySmall.fontSize,
    marginTop: theme.spacing(1),
  }),
});
