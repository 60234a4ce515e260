import React from 'react';
import { css } from '@emotion/css';
import { dateTimeFormat, type GrafanaTheme2 } from '@grafana/data';
import { Alert, Checkbox, Icon, useStyles2 } from '@grafana/ui';

import type { ChecklistItem, Incident } from '../../../api/types';
import { getListStyles } from '../listStyles';
import { errorText, type IncidentActions, useUpdate } from '../useUpdate';

interface Props {
  incident: Incident;
  editable: boolean;
  actions: IncidentActions;
}

function doneBy(item: ChecklistItem): string | undefined {
  if (!item.done) {
    return undefined;
  }
  return [item.by, item.at && dateTimeFormat(item.at)].filter(Boolean).join(' · ') || undefined;
}

/** The runbook's initial checklist (seed 001); each tick is recorded on the timeline. */
export function Checklist({ incident, editable, actions }: Props) {
  const s = useStyles2(getStyles);
  const update = useUpdate(incident, actions);
  const items = incident.details.checklist ?? [];

  return (
    <section aria-label="Initial checklist">
      <h3>Initial checklist</h3>
      {items.length === 0 ? (
        <p className={s.muted}>No checklist for this incident.</p>
      ) : (
        <ul className={s.list}>
          {items.map((item) => (
            <li key={item.id} className={s.item}>
              {editable ? (
                <Checkbox
                  label={item.text}
                  description={doneBy(item)}
                  value={item.done}
                  disabled={update.saving}
                  onChange={() => update.send({ checklist: { [item.id]: !item.done } })}
                />
              ) : (
                <>
                  <Icon
                    name={item.done ? 'check-circle' : 'circle'}
                    className={item.done ? s.done : s.muted}
                    aria-hidden
                  />{' '}
                  {item.text}
                  <span className={s.muted}>
                    {item.done ? ` — done${doneBy(item) ? ` by ${doneBy(item)}` : ''}` : ' — not done'}
                  </span>
                </>
              )}
            </li>
          ))}
        </ul>
      )}
      {update.error && <Alert severity="error" title={`The checklist was not saved: ${errorText(update.error)}`} />}
    </section>
  );
}

const getStyles = (theme: GrafanaTheme2) => ({
  ...getListStyles(theme),
  item: css({
    padding: theme.spacing(0.5, 0),
  }),
});
