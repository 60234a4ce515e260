import React, { useState } from 'react';
import { css, cx } from '@emotion/css';
import type { GrafanaTheme2 } from '@grafana/data';
import { Button, LinkButton, Text, useStyles2 } from '@grafana/ui';

import type { Incident, Severity, Status } from '../../../api/types';
import { SeverityBadge } from '../../../components/SeverityBadge';
import { StatusBadge } from '../../../components/StatusBadge';
import { postmortemPath } from '../../../constants';
import { severityLabel } from '../../../incident/severity';
import { STATUS_LABEL } from '../../../incident/status';
import { useSeverityLabelStyle } from '../../../incident/useSeverityLabelStyle';
import { useLevelMeanings } from '../../../policy/levelMeanings';
import { errorText, type IncidentActions, useUpdate } from '../useUpdate';
import { CommanderControl } from './CommanderControl';
import { SeverityPicker, StatusPicker } from './FieldPickers';
import { primaryAction } from './primaryAction';
import { ReasonModal } from './ReasonModal';
import { SoonestDeadline } from './SoonestDeadline';

interface Props {
  incident: Incident;
  /** Editors on an open incident; everyone else sees the same facts without controls. */
  editable: boolean;
  actions: IncidentActions;
  /** Newest timeline seq (undefined until loaded), for the timers (SoonestDeadline). */
  lastSeq: number | undefined;
  /** Opens the status-update drawer. */
  onPostUpdate: () => void;
}

/** A status or severity change waiting for its reason. */
interface Pending {
  change: { status?: Status; severity?: Severity };
  title: string;
  description?: string;
  confirmText: string;
}

const RESOLVE: Pending = { change: { status: 'resolved' }, title: 'Resolve the incident', confirmText: 'Resolve' };

/**
 * The top of the incident page, all of it above the fold at 1280×800: severity and status as
 * controls, the commander, the soonest deadline, and one primary action that follows the lifecycle.
 */
export function CommandBar({ incident, editable, actions, lastSeq, onPostUpdate }: Props) {
  const s = useStyles2(getStyles);
  const labelStyle = useSeverityLabelStyle();
  const meanings = useLevelMeanings();
  const [pending, setPending] = useState<Pending>();
  const update = useUpdate(incident, {
    ...actions,
    // The page reloads and says someone else changed it; the question asked no longer applies.
    onStale: (code) => {
      setPending(undefined);
      actions.onStale(code);
    },
  });
  const ask = (next: Pending) => {
    update.reset();
    setPending(next);
  };
  const pickSeverity = (severity: Severity) =>
    ask({
      change: { severity },
      title: `Change severity to ${severityLabel(severity, labelStyle)}`,
      description: meanings[severity],
      confirmText: 'Change severity',
    });
  const pickStatus = (status: Status) =>
    ask(
      status === 'resolved'
        ? RESOLVE
        : { change: { status }, title: `Change status to ${STATUS_LABEL[status]}`, confirmText: 'Change status' }
    );
  const confirm = async (reason: string) => {
    if (pending && (await update.send({ ...pending.change, reason: reason || undefined }))) {
      setPending(undefined);
    }
  };
  const primary = primaryAction(incident);

  return (
    <div className={s.bar}>
      <div className={cx(s.group, s.facts)}>
        {editable ? (
          <>
            <SeverityPicker value={incident.severity} onPick={pickSeverity} />
            <StatusPicker value={incident.status} onPick={pickStatus} />
          </>
        ) : (
          <>
            <div role="group" aria-label="Severity">
              <SeverityBadge severity={incident.severity} />
            </div>
            <div role="group" aria-label="Status">
              <StatusBadge status={incident.status} />
            </div>
          </>
        )}
        <CommanderControl incident={incident} editable={editable} actions={actions} />
        <SoonestDeadline incident={incident} lastSeq={lastSeq} />
      </div>
      <div className={cx(s.group, s.actions)}>
        {update.error && !pending && (
          <Text color="error" role="alert">
            Not saved: {errorText(update.error)}
          </Text>
        )}
        {editable && primary === 'resolve' && (
          <Button variant="secondary" icon="comment-alt-share" onClick={onPostUpdate}>
            Post update
          </Button>
        )}
        <LinkButton
          variant={primary === 'postmortem' ? 'primary' : 'secondary'}
          icon="file-alt"
          href={postmortemPath(incident.id)}
        >
          Post-mortem
        </LinkButton>
        {editable && primary === 'acknowledge' && (
          <Button icon="check" disabled={update.saving} onClick={() => update.send({ completeSteps: ['acknowledge'] })}>
            Acknowledge
          </Button>
        )}
        {editable && primary === 'post-update' && (
          <Button icon="comment-alt-share" onClick={onPostUpdate}>
            Post update
          </Button>
        )}
        {editable && primary === 'resolve' && (
          <Button icon="check" onClick={() => ask(RESOLVE)}>
            Resolve
          </Button>
        )}
      </div>
      {pending && (
        <ReasonModal
          title={pending.title}
          description={pending.description}
          confirmText={pending.confirmText}
          saving={update.saving}
          error={update.error}
          onConfirm={confirm}
          onDismiss={() => setPending(undefined)}
        />
      )}
    </div>
  );
}

const getStyles = (theme: GrafanaTheme2) => ({
  // The facts wrap within their group so the actions keep the bar's top right corner.
  bar: css({
    display: 'flex',
    flexWrap: 'nowrap',
    alignItems: 'flex-start',
    justifyContent: 'space-between',
    gap: theme.spacing(2),
    padding: theme.spacing(1.5, 2),
    marginBottom: theme.spacing(2),
    border: `1px solid ${theme.colors.border.weak}`,
    borderRadius: theme.shape.radius.default,
    background: theme.colors.background.secondary,
    [theme.breakpoints.down('md')]: { flexWrap: 'wrap' },
  }),
  facts: css({ flex: '1 1 auto', minWidth: 0 }),
  actions: css({ flex: '0 0 auto', alignSelf: 'flex-end' }),
  // Bottoms aligned: the pickers' labels sit above them, the other facts on the pickers' line.
  group: css({
    display: 'flex',
    flexWrap: 'wrap',
    alignItems: 'flex-end',
    gap: theme.spacing(2),
  }),
});
