import type { BadgeColor } from '@grafana/ui';

import type { Severity } from '../api/types';

export const SEVERITIES: Severity[] = ['P1', 'P2', 'P3', 'P4'];

/** What each level means and promises (BRIEF, severity table; policy defaults). */
export const SEVERITY_MEANING: Record<Severity, string> = {
  P1: 'Full outage, data loss or corruption, security breach, or more than 50% of users. Respond immediately (15 min), resolve within 2 h, updates every 15 min; all hands, leadership notified.',
  P2: 'Major degradation: error rate above 5%, a single API down, or more than 25% of users. Respond within 30 min, resolve within 8 h, updates every 30 min; on-call and team lead.',
  P3: 'Partial impact: elevated latency, intermittent errors, one feature. Respond within 2 h, resolve within 24 h; on-call.',
  P4: 'Minor or cosmetic. Respond within 24 h, resolve on a best-effort basis in the normal sprint workflow.',
};

export const SEVERITY_COLOR: Record<Severity, BadgeColor> = {
  P1: 'red',
  P2: 'orange',
  P3: 'blue',
  P4: 'darkgrey',
};

/** The app setting `severityLabels`: P1–P4 (default) or SEV1–SEV4. */
export type SeverityLabelStyle = 'P' | 'SEV';

export function severityLabel(severity: Severity, style: SeverityLabelStyle = 'P'): string {
  return style === 'SEV' ? severity.replace('P', 'SEV') : severity;
}
