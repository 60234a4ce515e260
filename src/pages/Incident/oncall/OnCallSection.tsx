import React from 'react';
import { css } from '@emotion/css';
import { dateTimeFormat, type GrafanaTheme2 } from '@grafana/data';
import { Icon, useStyles2 } from '@grafana/ui';

import { useIncidentOnCall } from '../../../api/hooks';
import type { Incident, TierView } from '../../../api/types';
import { ResourceStatus } from '../../../components/ResourceStatus';
import { timersKey } from '../timers/useTimers';
import { TargetLine } from './TargetLine';

// Warning, not error: the rest of the incident page works without it.
const UNLOADED = { errorTitle: 'On call unavailable', loadingText: 'Loading on call…', severity: 'warning' } as const;

interface Props {
  incident: Incident;
  /** Newest timeline seq: an acknowledgement or a page changes who is reached without a new version. */
  lastSeq: number | undefined;
}

/**
 * Who the incident's escalation tiers page now, beside the timers: each tier, whether it was
 * reached, and the people each target reaches (or why it reaches nobody). Refetched under the
 * timers' key, so it follows the same changes (live updates, a new timeline event).
 */
export function OnCallSection({ incident, lastSeq }: Props) {
  const s = useStyles2(getStyles);
  const onCall = useIncidentOnCall(incident.id, timersKey(incident, lastSeq));
  const data = onCall.data;

  let body: React.ReactNode;
  if (onCall.error || !data) {
    body = <ResourceStatus resource={onCall} {...UNLOADED} />;
  } else if (data.tiers.length === 0) {
    body = <p className={s.muted}>The policy has no escalation tiers for {data.severity}.</p>;
  } else {
    body = (
      <>
        {data.acknowledged && (
          <p className={s.acked}>
            <Icon name="check" aria-hidden /> Acknowledged by <strong>{data.acknowledged.by}</strong> at{' '}
            {dateTimeFormat(data.acknowledged.at)} — paging stopped
          </p>
        )}
        <ol className={s.tiers} aria-label="Escalation tiers">
          {data.tiers.map((tier) => (
            <TierItem key={tier.index} tier={tier} />
          ))}
        </ol>
      </>
    );
  }
  return (
    <section aria-label="On call">
      <h3>On call</h3>
      {body}
    </section>
  );
}

function TierItem({ tier }: { tier: TierView }) {
  const s = useStyles2(getStyles);
  const name = `Tier ${tier.index + 1}`;
  return (
    <li className={s.tier} aria-label={name}>
      <div className={s.head}>
        <strong>{name}</strong>
        <span className={s.muted}>after {tier.after}</span>
        <span className={tier.reached ? s.reached : s.muted}>{tier.reached ? 'reached' : 'not reached yet'}</span>
      </div>
      {tier.who && <div className={s.muted}>{tier.who}</div>}
      {tier.targets.length > 0 ? (
        <ul className={s.targets}>
          {tier.targets.map((t, i) => (
            <TargetLine key={i} target={t} />
          ))}
        </ul>
      ) : (
        <div className={s.muted}>No one is paged: a note for responders.</div>
      )}
    </li>
  );
}

const getStyles = (theme: GrafanaTheme2) => ({
  muted: css({ color: theme.colors.text.secondary }),
  acked: css({
    color: theme.colors.success.text,
    margin: theme.spacing(0, 0, 1),
  }),
  tiers: css({
    listStyle: 'none',
    margin: 0,
    padding: 0,
    display: 'flex',
    flexDirection: 'column',
    gap: theme.spacing(1),
  }),
  tier: css({
    padding: theme.spacing(1),
    border: `1px solid ${theme.colors.border.weak}`,
    borderRadius: theme.shape.radius.default,
  }),
  head: css({
    display: 'flex',
    gap: theme.spacing(1),
    alignItems: 'baseline',
    flexWrap: 'wrap',
  }),
  reached: css({ color: theme.colors.warning.text }),
  targets: css({
    listStyle: 'none',
    margin: theme.spacing(0.5, 0, 0),
    padding: 0,
  }),
});
