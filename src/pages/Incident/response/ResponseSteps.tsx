import React, { useId } from 'react';
import { css } from '@emotion/css';
import { dateTimeFormat, type GrafanaTheme2 } from '@grafana/data';
import { Alert, Button, Icon, useStyles2 } from '@grafana/ui';

import type { Incident } from '../../../api/types';
import { STEP_LABEL, STEPS } from '../../../incident/steps';
import { getListStyles } from '../listStyles';
import { errorText, type IncidentActions, useUpdate } from '../useUpdate';

interface Props {
  incident: Incident;
  /** Editors on an open incident; everyone else reads who did what and when. */
  editable: boolean;
  actions: IncidentActions;
}

/** The runbook's response steps, each with who completed it and when. */
export function ResponseSteps({ incident, editable, actions }: Props) {
  const s = useStyles2(getStyles);
  const update = useUpdate(incident, actions);
  const idBase = useId();
  const steps = incident.details.steps ?? {};

  return (
    <section aria-label="Response steps">
      <h3>Response steps</h3>
      <ol className={s.list}>
        {STEPS.map((step) => {
          const mark = steps[step];
          const labelId = `${idBase}-${step}`;
          return (
            <li key={step} className={s.item}>
              <Icon name={mark ? 'check-circle' : 'circle'} className={mark ? s.done : s.muted} aria-hidden />
              <span id={labelId} className={s.name}>
                {STEP_LABEL[step]}
              </span>
              <span className={s.muted}>{mark ? `${mark.by} · ${dateTimeFormat(mark.at)}` : 'Not done'}</span>
              {!mark && editable && step !== 'acknowledge' && (
                // Acknowledge is one control, the command bar's; here its row says who and when.
                // Named "Mark done" for every step (described by the step) so only that button is
                // named "Acknowledge".
                <Button
                  size="sm"
                  variant="secondary"
                  className={s.action}
                  aria-describedby={labelId}
                  disabled={update.saving}
                  onClick={() => update.send({ completeSteps: [step] })}
                >
                  Mark done
                </Button>
              )}
            </li>
          );
        })}
      </ol>
      {update.error && <Alert severity="error" title={`The step was not saved: ${errorText(update.error)}`} />}
    </section>
  );
}

const getStyles = (theme: GrafanaTheme2) => ({
  ...getListStyles(theme),
  item: css({
    display: 'flex',
    alignItems: 'center',
    gap: theme.spacing(1),
    minHeight: theme.spacing(4),
  }),
  name: css({
    fontWeight: theme.typography.fontWeightMedium,
  }),
  action: css({
    marginLeft: 'auto',
  }),
});
