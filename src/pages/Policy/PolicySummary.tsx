import React from 'react';
import { css } from '@emotion/css';
import type { GrafanaTheme2 } from '@grafana/data';
import { useStyles2 } from '@grafana/ui';

import type { EscalationTier, Policy } from '../../api/types';
import { severityLabel } from '../../incident/severity';

/** The policy as read-only text, for those who may not change it. */
export function PolicySummary({ policy }: { policy: Policy }) {
  const s = useStyles2(getStyles);
  return (
    <>
      <table className={s.table} aria-label="Severity levels">
        <thead>
          <tr>
            <th>Level</th>
            <th>Meaning</th>
            <th>Respond within</th>
            <th>Resolve within</th>
            <th>Update every</th>
            <th>Notify</th>
            <th>Escalates to</th>
          </tr>
        </thead>
        <tbody>
          {policy.levels.map((l) => (
            <tr key={l.severity}>
              <th scope="row">{severityLabel(l.severity, policy.labels)}</th>
              <td>{l.meaning}</td>
              <td>{l.respondWithin}</td>
              <td>{l.resolveWithin || 'best effort'}</td>
              <td>{l.updateEvery || '—'}</td>
              <td>{l.notify}</td>
              <td>{(l.tiers ?? []).map(tierText).join('; ')}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <p className={s.muted}>
        Post-mortems are due {policy.postmortemDue} after resolution. {policy.rules.length} escalation rule
        {policy.rules.length === 1 ? '' : 's'}.{repeatText(policy)} Only Admins change the policy.
      </p>
    </>
  );
}

/** "Senior engineer after 15m (pages schedule secondary, channel leads)". */
function tierText(t: EscalationTier): string {
  const targets = (t.targets ?? []).map((x) => `${x.kind} ${x.id}`);
  const who = t.who || 'Tier';
  return `${who} after ${t.after}${targets.length > 0 ? ` (pages ${targets.join(', ')})` : ''}`;
}

function repeatText(policy: Policy): string {
  const p = policy.paging;
  return p?.repeatUntilAcknowledged
    ? ` Unanswered pages repeat from the first tier ${p.repeatAfter} after the last, at most ${p.maxRepeats} times.`
    : '';
}

const getStyles = (theme: GrafanaTheme2) => ({
  table: css({
    width: '100%',
    'th, td': {
      padding: theme.spacing(0.5, 1),
      textAlign: 'left',
      verticalAlign: 'top',
    },
  }),
  muted: css({
    color: theme.colors.text.secondary,
  }),
});
