import type { BadgeColor, IconName } from '@grafana/ui';

import type { DiagnosticFinding, DiagnosticStatus, RemediationAction } from '../api/types';

export const STATUS_BADGE: Record<DiagnosticStatus, { text: string; color: BadgeColor; icon: IconName }> = {
  ok: { text: 'OK', color: 'green', icon: 'check' },
  warning: { text: 'Warning', color: 'orange', icon: 'exclamation-triangle' },
  critical: { text: 'Critical', color: 'red', icon: 'exclamation-circle' },
  error: { text: 'Check failed', color: 'purple', icon: 'question-circle' },
};

export const REMEDIATION_LABEL: Record<RemediationAction, string> = {
  'terminate-idle-backends': 'Terminate idle PostgreSQL backends',
  'ecs-force-new-deployment': 'ECS force new deployment',
  'asg-instance-refresh': 'Start an Auto Scaling instance refresh',
};

const RANK: Record<DiagnosticStatus, number> = { critical: 0, error: 1, warning: 2, ok: 3 };

/** Findings per service in the order services first appear, worst first within a service. */
export function groupByService(findings: DiagnosticFinding[]): Array<[string, DiagnosticFinding[]]> {
  const groups = new Map<string, DiagnosticFinding[]>();
  for (const f of findings) {
    groups.set(f.service, [...(groups.get(f.service) ?? []), f]);
  }
  return [...groups.entries()].map(([service, list]) => [
    service,
    [...list].sort((a, b) => RANK[a.status] - RANK[b.status]),
  ]);
}

/** How many findings have each status. */
export function statusCounts(findings: DiagnosticFinding[]): Partial<Record<DiagnosticStatus, number>> {
  const counts: Partial<Record<DiagnosticStatus, number>> = {};
  for (const f of findings) {
    counts[f.status] = (counts[f.status] ?? 0) + 1;
  }
  return counts;
}

/** "2 critical, 1 warning, 1 check failed, 10 ok". */
export function countsText(counts: Partial<Record<DiagnosticStatus, number>>): string {
  const order: DiagnosticStatus[] = ['critical', 'warning', 'error', 'ok'];
  const words: Record<DiagnosticStatus, string> = {
    critical: 'critical',
    warning: 'warning',
    error: 'check failed',
    ok: 'ok',
  };
  const parts = order.filter((s) => (counts[s] ?? 0) > 0).map((s) => `${counts[s]} ${words[s]}`);
  return parts.length > 0 ? parts.join(', ') : 'no checks';
}
