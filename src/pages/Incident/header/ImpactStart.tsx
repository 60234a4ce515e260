import React, { FormEvent, useState } from 'react';
import { css } from '@emotion/css';
import { dateTimeFormat, type GrafanaTheme2 } from '@grafana/data';
import { Alert, Button, Field, Input, Modal, useStyles2 } from '@grafana/ui';

import type { Incident, IncidentImpact } from '../../../api/types';
import { errorText, type IncidentActions, useUpdate } from '../useUpdate';

/** What grounds the impact start, as the line says it. */
const FROM_TEXT: Record<IncidentImpact['from'], string> = {
  metrics: 'from metrics',
  alert: 'from the alert',
  declared: 'when declared',
  edited: 'edited',
};

/** The incident's impact start; incidents declared before it was recorded started when declared. */
export function impactOf(incident: Incident): IncidentImpact {
  return incident.details.impact ?? { start: incident.createdAt, from: 'declared' };
}

/** "09:40" on the day the incident was declared, the date too on another day. */
function timeText(at: string, declared: string): string {
  const day = (t: string) => dateTimeFormat(t, { format: 'YYYY-MM-DD' });
  return dateTimeFormat(at, { format: day(at) === day(declared) ? 'HH:mm' : 'YYYY-MM-DD HH:mm' });
}

interface Props {
  incident: Incident;
  /** Editors on an open incident. */
  editable: boolean;
  actions: IncidentActions;
}

/**
 * "Impact started 09:40 (from metrics)": when users began to feel it, what MTTD, MTTM and MTTR are
 * measured from (docs/insights.md). Editors correct it with a reason, which the timeline keeps.
 */
export function ImpactStart({ incident, editable, actions }: Props) {
  const s = useStyles2(getStyles);
  // The start the edit opens with, and the reason it suggests; null while closed.
  const [editing, setEditing] = useState<{ start: string; reason: string } | null>(null);
  const impact = impactOf(incident);
  const proposed = impact.proposed;
  return (
    <div className={s.line}>
      <span role="group" aria-label="Impact start">
        Impact started <time dateTime={impact.start}>{timeText(impact.start, incident.createdAt)}</time> (
        {FROM_TEXT[impact.from]})
        {impact.detected && (
          <>
            {' · detected '}
            <time dateTime={impact.detected}>{timeText(impact.detected, incident.createdAt)}</time>
          </>
        )}
      </span>
      {editable && (
        <Button size="sm" fill="text" icon="pen" onClick={() => setEditing({ start: impact.start, reason: '' })}>
          Edit impact start
        </Button>
      )}
      {proposed && (
        <span role="status" className={s.proposal}>
          Metrics show the impact started at{' '}
          <time dateTime={proposed}>{timeText(proposed, incident.createdAt)}</time>
          {editable && (
            <Button
              size="sm"
              variant="secondary"
              fill="outline"
              onClick={() =>
                setEditing({
                  start: proposed,
                  reason: `The metrics re-evaluation saw the breach begin at ${timeText(proposed, incident.createdAt)}`,
                })
              }
            >
              Use this time
            </Button>
          )}
        </span>
      )}
      {editing && (
        <ImpactEditModal
          incident={incident}
          start={editing.start}
          reason={editing.reason}
          actions={actions}
          onDone={() => setEditing(null)}
        />
      )}
    </div>
  );
}

/** `at` as a datetime-local input's value, in the browser's zone. */
const localInput = (at: string) => dateTimeFormat(at, { format: 'YYYY-MM-DDTHH:mm', timeZone: 'browser' });

interface EditProps {
  incident: Incident;
  /** The start and the reason the form opens with. */
  start: string;
  reason: string;
  actions: IncidentActions;
  onDone: () => void;
}

/** Asks for the new impact start and why; both are required (the back end refuses a change without a reason). */
function ImpactEditModal({ incident, start, reason: suggested, actions, onDone }: EditProps) {
  const [at, setAt] = useState(localInput(start));
  const [reason, setReason] = useState(suggested);
  const [missing, setMissing] = useState<{ at?: string; reason?: string }>({});
  const update = useUpdate(incident, {
    ...actions,
    onStale: (code) => {
      onDone();
      actions.onStale(code);
    },
  });
  const onSubmit = async (event: FormEvent) => {
    event.preventDefault();
    // A datetime-local value without a zone is read in the browser's zone, as it was shown.
    const parsed = Date.parse(at);
    const errors = {
      at: Number.isNaN(parsed) ? 'Pick a date and time' : undefined,
      reason: reason.trim() === '' ? 'Say why the impact started at another time' : undefined,
    };
    setMissing(errors);
    if (errors.at || errors.reason) {
      return;
    }
    if (await update.send({ impactStart: new Date(parsed).toISOString(), reason: reason.trim() })) {
      onDone();
    }
  };
  return (
    <Modal isOpen title="Edit impact start" onDismiss={onDone}>
      <form onSubmit={onSubmit} aria-label="Edit impact start" noValidate>
        <Field
          label="Impact start"
          description="When users started to feel it"
          invalid={!!missing.at}
          error={missing.at}
        >
          <Input id="impact-start" type="datetime-local" value={at} onChange={(e) => setAt(e.currentTarget.value)} />
        </Field>
        <Field
          label="Reason"
          description="Required; recorded on the timeline with the change."
          invalid={!!missing.reason}
          error={missing.reason}
          required
        >
          <Input
            id="impact-reason"
            autoFocus
            value={reason}
            placeholder="Checkout errors began with the 09:25 deploy"
            onChange={(e) => setReason(e.currentTarget.value)}
          />
        </Field>
        {update.error && <Alert severity="error" title={errorText(update.error)} />}
        <Modal.ButtonRow>
          <Button type="button" variant="secondary" fill="outline" onClick={onDone}>
            Cancel
          </Button>
          <Button type="submit" disabled={update.saving}>
            {update.saving ? 'Saving…' : 'Change impact start'}
          </Button>
        </Modal.ButtonRow>
      </form>
    </Modal>
  );
}

const getStyles = (theme: GrafanaTheme2) => ({
  proposal: css({
    display: 'inline-flex',
    alignItems: 'center',
    gap: theme.spacing(1),
    marginLeft: theme.spacing(1),
    color: theme.colors.warning.text,
  }),
  line: css({
    display: 'flex',
    alignItems: 'center',
    flexWrap: 'wrap',
    gap: theme.spacing(1),
    margin: theme.spacing(1, 0),
    color: theme.colors.text.secondary,
  }),
});
