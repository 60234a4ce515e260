import React from 'react';
import { css } from '@emotion/css';
import { dateTimeFormat, type GrafanaTheme2 } from '@grafana/data';
import { Alert, Badge, Button, Stack, TextLink, useStyles2 } from '@grafana/ui';

import type { ApiError } from '../../api/errors';
import type { AckInfo } from '../../api/types';
import { StatusBadge } from '../../components/StatusBadge';
import { incidentPath, incidentsPath } from '../../constants';
import { SEVERITY_COLOR, severityLabel } from '../../incident/severity';
import { useSeverityLabelStyle } from '../../incident/useSeverityLabelStyle';
import { AckLinkProblem } from './AckLinkProblem';

interface Props {
  info: AckInfo;
  /** True once this page's button acknowledged (or learnt that someone had first). */
  justAcknowledged: boolean;
  acknowledging: boolean;
  error?: ApiError;
  onAcknowledge: () => void;
}

/** The incident a link is about, who it paged and how, and the button that acknowledges it. */
export function AckSummary({ info, justAcknowledged, acknowledging, error, onAcknowledge }: Props) {
  const s = useStyles2(getStyles);
  // From the plugin's settings Grafana hands the app: no call, so no role needed. (SeverityBadge
  // would read the policy, which Grafana's anonymous user without a role may not.)
  const labels = useSeverityLabelStyle();
  const acked = info.acknowledged;
  const incidentLink = (
    <TextLink href={incidentPath(info.incidentId)} inline={false}>
      Open incident {info.incidentId}
    </TextLink>
  );

  return (
    <Stack direction="column" gap={2} alignItems="flex-start">
      <section aria-label="Paged incident" className={s.card}>
        <h2 className={s.title}>{info.title}</h2>
        <Stack gap={1} alignItems="center" wrap="wrap">
          <Badge text={severityLabel(info.severity, labels)} color={SEVERITY_COLOR[info.severity]} />
          <StatusBadge status={info.status} />
          <span className={s.muted}>{info.incidentId}</span>
        </Stack>
        <dl className={s.facts}>
          <dt>Paged</dt>
          <dd>{info.login}</dd>
          <dt>Through</dt>
          <dd>{info.via}</dd>
          <dt>Link expires</dt>
          <dd>{dateTimeFormat(info.expiresAt)}</dd>
        </dl>
      </section>
      {acked ? (
        <Alert severity="success" title={justAcknowledged ? 'Acknowledged' : 'Already acknowledged'}>
          <Stack direction="column" alignItems="flex-start">
            <span>
              Acknowledged by <strong>{acked.by}</strong> at {dateTimeFormat(acked.at)} — the escalation stopped.
            </span>
            {incidentLink}
          </Stack>
        </Alert>
      ) : info.status === 'resolved' ? (
        <Alert severity="info" title="This incident is resolved">
          <Stack direction="column" alignItems="flex-start">
            Nothing is paging anyone for it any more.
            {incidentLink}
          </Stack>
        </Alert>
      ) : (
        <Stack direction="column" alignItems="flex-start">
          <p className={s.muted}>
            Acknowledging tells the team you are on it and stops the escalation from paging the next tier.
          </p>
          <Button icon="check" onClick={onAcknowledge} disabled={acknowledging}>
            {acknowledging ? 'Acknowledging…' : 'Acknowledge'}
          </Button>
          {incidentLink}
        </Stack>
      )}
      {error &&
        (error.code === 'link_expired' || error.code === 'link_invalid' ? (
          <AckLinkProblem code={error.code} />
        ) : (
          <Alert severity="error" title="Not acknowledged">
            {error.message}{' '}
            <TextLink href={incidentsPath()} inline={false}>
              Open the incident list
            </TextLink>
          </Alert>
        ))}
    </Stack>
  );
}

const getStyles = (theme: GrafanaTheme2) => ({
  card: css({
    padding: theme.spacing(2),
    border: `1px solid ${theme.colors.border.weak}`,
    borderRadius: theme.shape.radius.default,
    background: theme.colors.background.secondary,
    minWidth: theme.spacing(50),
  }),
  title: css({
    margin: theme.spacing(0, 0, 1),
  }),
  facts: css({
    display: 'grid',
    gridTemplateColumns: 'max-content 1fr',
    gap: theme.spacing(0.5, 2),
    margin: theme.spacing(2, 0, 0),
    dt: { color: theme.colors.text.secondary },
    dd: { margin: 0 },
  }),
  muted: css({ color: theme.colors.text.secondary, margin: 0 }),
});
