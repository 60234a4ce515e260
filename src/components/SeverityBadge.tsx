import React from 'react';
import { css } from '@emotion/css';
import type { GrafanaTheme2 } from '@grafana/data';
import { Badge, useStyles2 } from '@grafana/ui';

import type { Severity } from '../api/types';
import { SEVERITY_COLOR, severityLabel } from '../incident/severity';
import { useSeverityLabelStyle } from '../incident/useSeverityLabelStyle';
import { useLevelMeanings } from '../policy/levelMeanings';

/** The severity on its colour scale (P1 red … P4 grey), at body size; its meaning from the live policy on hover. */
export function SeverityBadge({ severity }: { severity: Severity }) {
  const s = useStyles2(getStyles);
  const style = useSeverityLabelStyle();
  const meanings = useLevelMeanings();
  return (
    <Badge
      className={s.badge}
      text={severityLabel(severity, style)}
      color={SEVERITY_COLOR[severity]}
      tooltip={meanings[severity]}
    />
  );
}

const getStyles = (theme: GrafanaTheme2) => ({
  badge: css({
    fontSize: theme.typography.body.fontSize,
    fontWeight: theme.typography.fontWeightBold,
  }),
});
