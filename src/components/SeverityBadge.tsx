import React from 'react';
import { Badge } from '@grafana/ui';

import type { Severity } from '../api/types';
import { SEVERITY_COLOR, SEVERITY_MEANING, severityLabel } from '../incident/severity';
import { useSeverityLabelStyle } from '../incident/useSeverityLabelStyle';

export function SeverityBadge({ severity }: { severity: Severity }) {
  const style = useSeverityLabelStyle();
  return (
    <Badge
      text={severityLabel(severity, style)}
      color={SEVERITY_COLOR[severity]}
      tooltip={SEVERITY_MEANING[severity]}
    />
  );
}
