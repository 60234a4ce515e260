import React from 'react';
import { css } from '@emotion/css';
import type { GrafanaTheme2 } from '@grafana/data';
import { Icon, useStyles2 } from '@grafana/ui';

import type { Status } from '../api/types';
import { STATUS_ICON, STATUS_LABEL } from '../incident/status';

/** The status in neutral colours with its icon: colour on the incident page and list means severity. */
export function StatusBadge({ status }: { status: Status }) {
  const s = useStyles2(getStyles);
  return (
    <span className={s.badge} data-status={status}>
      <Icon name={STATUS_ICON[status]} size="sm" aria-hidden />
      {STATUS_LABEL[status]}
    </span>
  );
}

const getStyles = (theme: GrafanaTheme2) => ({
  badge: css({
    display: 'inline-flex',
    alignItems: 'center',
    gap: theme.spacing(0.5),
    padding: theme.spacing(0.25, 1),
    borderRadius: theme.shape.radius.default,
    border: `1px solid ${theme.colors.border.medium}`,
    background: theme.colors.background.secondary,
    color: theme.colors.text.primary,
    fontSize: theme.typography.bodySmall.fontSize,
    lineHeight: theme.typography.bodySmall.lineHeight,
    whiteSpace: 'nowrap',
  }),
});
