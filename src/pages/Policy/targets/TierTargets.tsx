import React, { useId, useState } from 'react';
import { css } from '@emotion/css';
import type { GrafanaTheme2 } from '@grafana/data';
import { Combobox, FieldValidationMessage, IconButton, useStyles2 } from '@grafana/ui';

import type { EscalationTarget } from '../../../api/types';
import { KIND_LABEL, TARGET_KINDS, type TargetChoices, type TargetKind, targetLabel } from './targetChoices';

interface Props {
  /** "P1 tier 2": the start of every control's name. */
  name: string;
  targets: EscalationTarget[];
  onChange: (targets: EscalationTarget[]) => void;
  choices: TargetChoices;
  /** The error at a path under the tier's `targets` ('' the list itself, '[0].id' one target's id). */
  errorAt: (suffix: string) => string | undefined;
}

const NO_TEAM_API = 'Grafana gives Warroom no team API: add the members as users, or a schedule.';

/**
 * Who a tier pages: schedules, users, teams and channels, several per tier. A target is added by
 * picking its kind, then what it names; each is removable. Errors of the server sit under the
 * target they name.
 */
export function TierTargets({ name, targets, onChange, choices, errorAt }: Props) {
  const s = useStyles2(getStyles);
  const [kind, setKind] = useState<TargetKind>('schedule');
  // Combobox takes no aria-label: each gets a label of its own, read by screen readers only.
  const id = useId();
  const listError = errorAt('');
  const kindOptions = TARGET_KINDS.map((k) => ({
    value: k,
    label: KIND_LABEL[k],
    description: k === 'team' && !choices.teamsAvailable ? NO_TEAM_API : undefined,
  }));
  const taken = new Set(targets.filter((t) => t.kind === kind).map((t) => t.id));
  const teamBlocked = kind === 'team' && !choices.teamsAvailable;
  const available = choices.options[kind].filter((o) => !taken.has(o.value));

  const add = (id: string) => onChange([...targets, { kind, id }]);

  return (
    <div className={s.box} role="group" aria-label={`${name} targets`}>
      {targets.length === 0 && <div className={s.muted}>Pages no one: the note is all responders see.</div>}
      {targets.length > 0 && (
        <ul className={s.list}>
          {targets.map((t, k) => {
            const label = targetLabel(choices, t);
            const error = errorAt(`[${k}].id`) ?? errorAt(`[${k}].kind`) ?? errorAt(`[${k}]`);
            return (
              <li key={`${t.kind}:${t.id}`} className={s.item} aria-label={`${name} target ${k + 1}`}>
                <div className={s.row}>
                  <span className={s.label}>{label}</span>
                  <IconButton
                    name="times"
                    size="sm"
                    aria-label={`Remove ${name} target ${label}`}
                    onClick={() => onChange(targets.filter((_, i) => i !== k))}
                  />
                </div>
                {error && <FieldValidationMessage>{error}</FieldValidationMessage>}
              </li>
            );
          })}
        </ul>
      )}
      {listError && <FieldValidationMessage>{listError}</FieldValidationMessage>}
      <div className={s.add}>
        <label htmlFor={`${id}-kind`} className={s.srOnly}>{`${name} target kind`}</label>
        <Combobox id={`${id}-kind`} options={kindOptions} value={kind} width={14} onChange={(o) => setKind(o.value)} />
        {/* Keyed by kind: switching kind starts an empty search over the other list. */}
        <label htmlFor={`${id}-add`} className={s.srOnly}>{`${name} add ${kind}`}</label>
        <Combobox
          key={kind}
          id={`${id}-add`}
          options={available}
          value={null}
          disabled={teamBlocked}
          loading={choices.loading}
          placeholder={teamBlocked ? 'Not available' : `Add a ${kind}…`}
          onChange={(o) => add(o.value)}
        />
      </div>
      {teamBlocked && <div className={s.muted}>{NO_TEAM_API}</div>}
      {!teamBlocked && choices.errors[kind] && (
        <FieldValidationMessage>{`Could not list ${kind}s: ${choices.errors[kind]}`}</FieldValidationMessage>
      )}
    </div>
  );
}

const getStyles = (theme: GrafanaTheme2) => ({
  box: css({
    gridColumn: '1 / -1',
    display: 'flex',
    flexDirection: 'column',
    gap: theme.spacing(0.5),
    paddingLeft: theme.spacing(1),
    borderLeft: `2px solid ${theme.colors.border.weak}`,
  }),
  list: css({
    listStyle: 'none',
    margin: 0,
    padding: 0,
  }),
  item: css({
    display: 'flex',
    flexDirection: 'column',
  }),
  row: css({
    display: 'flex',
    alignItems: 'center',
    gap: theme.spacing(0.5),
  }),
  label: css({
    overflow: 'hidden',
    textOverflow: 'ellipsis',
  }),
  add: css({
    display: 'grid',
    gridTemplateColumns: `${theme.spacing(14)} minmax(0, 1fr)`,
    gap: theme.spacing(1),
  }),
  srOnly: css({
    position: 'absolute',
    width: 1,
    height: 1,
    overflow: 'hidden',
    clipPath: 'inset(50%)',
    whiteSpace: 'nowrap',
  }),
  muted: css({ color: theme.colors.text.secondary, fontSize: theme.typography.bodySmall.fontSize }),
});
