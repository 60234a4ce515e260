import { css } from '@emotion/css';
import type { GrafanaTheme2 } from '@grafana/data';

/**
 * The class of a table that lists things (incidents, services): full width, rows ruled, column
 * headers muted, the row under the pointer lit. `align` is where cells sit when rows grow.
 */
export function listTable(theme: GrafanaTheme2, align: 'middle' | 'top' = 'middle'): string {
  return css({
    width: '100%',
    borderCollapse: 'collapse',
    'th, td': {
      padding: theme.spacing(1, 1.5),
      borderBottom: `1px solid ${theme.colors.border.weak}`,
      textAlign: 'left',
      verticalAlign: align,
    },
    'thead th': {
      color: theme.colors.text.secondary,
      fontWeight: theme.typography.fontWeightMedium,
    },
    'tbody tr:hover': {
      background: theme.colors.action.hover,
    },
  });
}
