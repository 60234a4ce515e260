import React from 'react';
import { css } from '@emotion/css';
import type { GrafanaTheme2 } from '@grafana/data';
import { Button, type ComboboxOption, Field, IconButton, Input, useStyles2 } from '@grafana/ui';

import { fieldId, newOverride, type OverrideDraft } from './draft';
import { LoginPicker } from './LoginPicker';

interface Props {
  overrides: OverrideDraft[];
  timeZone: string;
  people: Array<ComboboxOption<string>>;
  onChange: (overrides: OverrideDraft[]) => void;
  errorAt: (path: string) => string | undefined;
}

/**
 * Cover requests ("Bob covers tonight 18:00–06:00"): whoever an override names is on call for its
 * range whatever the layers say; where two overlap, the later one in the list wins.
 */
export function OverridesEditor({ overrides, timeZone, people, onChange, errorAt }: Props) {
  const s = useStyles2(getStyles);
  const set = (i: number, change: Partial<OverrideDraft>) =>
    onChange(overrides.map((o, j) => (j === i ? { ...o, ...change } : o)));
  const state = (path: string) => ({ invalid: !!errorAt(path), error: errorAt(path) });
  return (
    <>
      {overrides.length === 0 && <p className={s.muted}>No overrides.</p>}
      {overrides.map((o, i) => {
        const at = `overrides[${i}]`;
        const title = `Override ${i + 1}`;
        return (
          <div key={o.id} role="group" aria-label={title} className={s.row}>
            <Field label={`${title} person`} {...state(`${at}.user`)}>
              <LoginPicker
                id={fieldId(`${at}.user`)}
                value={o.user}
                options={people}
                width={30}
                invalid={!!errorAt(`${at}.user`)}
                onChange={(user) => set(i, { user })}
              />
            </Field>
            <Field label={`${title} from (${timeZone})`} {...state(`${at}.start`)}>
              <Input
                id={fieldId(`${at}.start`)}
                type="datetime-local"
                value={o.start}
                onChange={(e) => set(i, { start: e.currentTarget.value })}
              />
            </Field>
            <Field label={`${title} until (${timeZone})`} {...state(`${at}.end`)}>
              <Input
                id={fieldId(`${at}.end`)}
                type="datetime-local"
                value={o.end}
                onChange={(e) => set(i, { end: e.currentTarget.value })}
              />
            </Field>
            <Field label={`${title} reason`} {...state(`${at}.reason`)}>
              <Input
                id={fieldId(`${at}.reason`)}
                width={30}
                placeholder="Covers for Alice"
                value={o.reason}
                onChange={(e) => set(i, { reason: e.currentTarget.value })}
              />
            </Field>
            <IconButton
              className={s.remove}
              name="trash-alt"
              aria-label={`Remove ${title}`}
              onClick={() => onChange(overrides.filter((_, j) => j !== i))}
            />
          </div>
        );
      })}
      <Button
        variant="secondary"
        icon="plus"
        onClick={() => onChange([...overrides, newOverride(Date.now(), timeZone)])}
      >
        Add override
      </Button>
    </>
  );
}

const getStyles = (theme: GrafanaTheme2) => ({
  row: css({
    display: 'flex',
    flexWrap: 'wrap',
    alignItems: 'flex-start',
    gap: theme.spacing(2),
  }),
  remove: css({
    marginTop: theme.spacing(3.5),
  }),
  muted: css({
    color: theme.colors.text.secondary,
  }),
});
