import React from 'react';
import { css } from '@emotion/css';
import type { GrafanaTheme2 } from '@grafana/data';
import { Button, Checkbox, Combobox, Field, IconButton, Input, useStyles2 } from '@grafana/ui';

import type { ActionItem, ActionPriority } from '../../api/types';

const PRIORITIES: ActionPriority[] = ['High', 'Medium', 'Low'];

interface Props {
  items: ActionItem[];
  onChange: (items: ActionItem[]) => void;
  /** The API's message for `actionItems[i].<field>`, if any. */
  errorAt: (path: string) => string | undefined;
}

/** The follow-ups of the review: what, who, how urgent, by when, and whether it is done (open ones count as overdue in Insights). */
export function ActionItemsTable({ items, onChange, errorAt }: Props) {
  const s = useStyles2(getStyles);
  const set = (index: number, change: Partial<ActionItem>) =>
    onChange(items.map((item, i) => (i === index ? { ...item, ...change } : item)));
  const add = () => onChange([...items, { action: '', owner: '', priority: 'Medium', due: '' }]);

  const cell = (index: number, field: keyof ActionItem, control: React.ReactElement, label?: React.ReactNode) => {
    const error = errorAt(`actionItems[${index}].${field}`);
    return (
      <td>
        {label}
        <Field invalid={!!error} error={error} noMargin>
          {control}
        </Field>
      </td>
    );
  };

  return (
    <div>
      {items.length === 0 ? (
        <p className={s.muted}>No action items yet.</p>
      ) : (
        <table className={s.table} aria-label="Action items">
          <thead>
            <tr>
              <th>Action</th>
              <th>Owner</th>
              <th>Priority</th>
              <th>Due</th>
              <th>Done</th>
              <th>
                <span className={s.hidden}>Remove</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {items.map((item, i) => (
              <tr key={i}>
                {cell(
                  i,
                  'action',
                  <Input
                    aria-label={`Action ${i + 1}`}
                    value={item.action}
                    onChange={(e) => set(i, { action: e.currentTarget.value })}
                  />
                )}
                {cell(
                  i,
                  'owner',
                  <Input
                    aria-label={`Owner ${i + 1}`}
                    value={item.owner}
                    onChange={(e) => set(i, { owner: e.currentTarget.value })}
                  />
                )}
                {cell(
                  i,
                  'priority',
                  <Combobox
                    id={`action-item-${i}-priority`}
                    options={PRIORITIES.map((p) => ({ label: p, value: p }))}
                    value={item.priority}
                    onChange={(option) => set(i, { priority: option.value })}
                    width={14}
                  />,
                  <label htmlFor={`action-item-${i}-priority`} className={s.hidden}>
                    {`Priority ${i + 1}`}
                  </label>
                )}
                {cell(
                  i,
                  'due',
                  <Input
                    type="date"
                    aria-label={`Due date ${i + 1}`}
                    value={item.due}
                    onChange={(e) => set(i, { due: e.currentTarget.value })}
                  />
                )}
                <td>
                  <Checkbox
                    aria-label={`Done ${i + 1}`}
                    value={item.done ?? false}
                    // Not done is left out rather than false, as the server stores and answers it.
                    onChange={(e) => set(i, { done: e.currentTarget.checked || undefined })}
                  />
                </td>
                <td>
                  <IconButton
                    name="trash-alt"
                    aria-label={`Remove action item ${i + 1}`}
                    onClick={() => onChange(items.filter((_, j) => j !== i))}
                  />
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <Button size="sm" variant="secondary" icon="plus" onClick={add}>
        Add action item
      </Button>
    </div>
  );
}

const getStyles = (theme: GrafanaTheme2) => ({
  table: css({
    width: '100%',
    marginBottom: theme.spacing(1),
    'th, td': {
      padding: theme.spacing(0.5),
      verticalAlign: 'top',
      textAlign: 'left',
    },
  }),
  muted: css({
    color: theme.colors.text.secondary,
  }),
  hidden: css({
    position: 'absolute',
    width: 1,
    height: 1,
    overflow: 'hidden',
    clipPath: 'inset(50%)',
    whiteSpace: 'nowrap',
  }),
});
