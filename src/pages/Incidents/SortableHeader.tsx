import React from 'react';
import { css } from '@emotion/css';
import type { GrafanaTheme2 } from '@grafana/data';
import { Icon, useStyles2 } from '@grafana/ui';

import type { SortKey, SortOrder } from '../../api/types';

export interface SortState {
  sort: SortKey;
  order: SortOrder;
}

interface Props {
  label: string;
  sortKey: SortKey;
  /** The column reads opposite to its key (Age sorts by declaration time: oldest = largest age). */
  inverted?: boolean;
  current: SortState;
  onSort: (sort: SortKey, order: SortOrder) => void;
}

/**
 * A column header that sorts the list: a button (so the keyboard reaches it) inside a header cell
 * that states the order with aria-sort. A first click sorts the column descending (most severe,
 * oldest first); a click on the sorted column reverses it.
 */
export function SortableHeader({ label, sortKey, inverted = false, current, onSort }: Props) {
  const s = useStyles2(getStyles);
  const active = current.sort === sortKey;
  const descending = (current.order === 'desc') !== inverted;
  const ariaSort = active ? (descending ? 'descending' : 'ascending') : 'none';
  const orderFor = (wantDescending: boolean): SortOrder => (wantDescending !== inverted ? 'desc' : 'asc');
  return (
    <th scope="col" aria-sort={ariaSort}>
      <button type="button" className={s.button} onClick={() => onSort(sortKey, orderFor(active ? !descending : true))}>
        {label}
        {/* Only the sorted column shows an arrow, as Grafana's own tables do. */}
        {active && <Icon name={descending ? 'arrow-down' : 'arrow-up'} size="sm" aria-hidden />}
      </button>
    </th>
  );
}

const getStyles = (theme: GrafanaTheme2) => ({
  button: css({
    all: 'unset',
    cursor: 'pointer',
    display: 'inline-flex',
    alignItems: 'center',
    gap: theme.spacing(0.5),
    '&:focus-visible': {
      outline: `2px solid ${theme.colors.primary.main}`,
      outlineOffset: 2,
    },
    '&:hover': {
      color: theme.colors.text.primary,
    },
  }),
});
