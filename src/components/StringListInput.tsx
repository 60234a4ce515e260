import React from 'react';
import { css } from '@emotion/css';
import type { GrafanaTheme2 } from '@grafana/data';
import { Button, Field, IconButton, Input, useStyles2 } from '@grafana/ui';

interface Props {
  /** What one entry is, for names: "Why" gives inputs "Why 1", "Why 2" and a button "Add why". */
  itemLabel: string;
  values: string[];
  onChange: (values: string[]) => void;
  placeholder?: string;
  /** The error of entry `index`, if any (from the API's `fields[].path`). */
  errorAt?: (index: number) => string | undefined;
}

/** An ordered list of short texts with add and remove, one input per entry. */
export function StringListInput({ itemLabel, values, onChange, placeholder, errorAt }: Props) {
  const s = useStyles2(getStyles);
  const set = (index: number, value: string) => onChange(values.map((v, i) => (i === index ? value : v)));
  const remove = (index: number) => onChange(values.filter((_, i) => i !== index));

  return (
    <div className={s.list}>
      {values.map((value, index) => {
        const name = `${itemLabel} ${index + 1}`;
        const error = errorAt?.(index);
        return (
          <div key={index} className={s.row}>
            <Field invalid={!!error} error={error} noMargin className={s.grow}>
              <Input
                aria-label={name}
                value={value}
                placeholder={placeholder}
                onChange={(e) => set(index, e.currentTarget.value)}
              />
            </Field>
            <IconButton name="trash-alt" aria-label={`Remove ${name}`} onClick={() => remove(index)} />
          </div>
        );
      })}
      <div>
        <Button size="sm" variant="secondary" icon="plus" onClick={() => onChange([...values, ''])}>
          {`Add ${itemLabel.toLowerCase()}`}
        </Button>
      </div>
    </div>
  );
}

const getStyles = (theme: GrafanaTheme2) => ({
  list: css({
    display: 'flex',
    flexDirection: 'column',
    gap: theme.spacing(1),
  }),
  row: css({
    display: 'flex',
    alignItems: 'flex-start',
    gap: theme.spacing(1),
  }),
  grow: css({
    flex: 1,
  }),
});
