import React, { type ReactNode } from 'react';
import { css } from '@emotion/css';
import type { GrafanaTheme2 } from '@grafana/data';
import { Collapse, useStyles2 } from '@grafana/ui';

interface Props {
  title: string;
  /** The one-line status beside the title (connection sections). */
  status?: ReactNode;
  isOpen: boolean;
  onToggle: (open: boolean) => void;
  children: ReactNode;
}

/**
 * One collapsible section of the configuration page. The header's toggle is a button (Enter and Space
 * work); the body is a group named by the title, so its inputs are found under it.
 */
export function SettingsSection({ title, status, isOpen, onToggle, children }: Props) {
  const s = useStyles2(getStyles);
  return (
    <Collapse
      isOpen={isOpen}
      onToggle={onToggle}
      label={
        <span className={s.header}>
          <span>{title}</span>
          {status && <span className={s.status}>{status}</span>}
        </span>
      }
    >
      <div role="group" aria-label={title}>
        {children}
      </div>
    </Collapse>
  );
}

const getStyles = (theme: GrafanaTheme2) => ({
  header: css({
    display: 'flex',
    flexWrap: 'wrap',
    alignItems: 'baseline',
    columnGap: theme.spacing(2),
  }),
  status: css({
    fontSize: theme.typography.bodySmall.fontSize,
    fontWeight: theme.typography.fontWeightRegular,
  }),
});
