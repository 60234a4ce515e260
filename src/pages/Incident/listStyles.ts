import { css } from '@emotion/css';
import type { GrafanaTheme2 } from '@grafana/data';

/**
 * What the incident page's lists (checklist, response steps, timeline) share: a list
 * without bullets or indent, and the colours of done and secondary text. Spread into a
 * component's getStyles.
 */
export const getListStyles = (theme: GrafanaTheme2) => ({
  list: css({
    listStyle: 'none',
    margin: 0,
    padding: 0,
  }),
  done: css({
    color: theme.colors.success.text,
  }),
  muted: css({
    color: theme.colors.text.secondary,
  }),
});
