import type { DiagnosticStatus } from '../api/types';
import { countsText, REMEDIATION_LABEL } from './format';

function text(v: unknown): string | undefined {
  return typeof v === 'string' && v !== '' ? v : undefined;
}

/** Timeline lines of the diagnostics events: the run's verdict and suggestions, or a remediation's outcome. */
export function diagnosticsEventText(kind: 'diagnostics_run' | 'remediation_run', p: Record<string, unknown>): string {
  if (kind === 'diagnostics_run') {
    const counts = (typeof p.counts === 'object' && p.counts !== null ? p.counts : {}) as Partial<
      Record<DiagnosticStatus, number>
    >;
    const suggestions = Array.isArray(p.suggestions) ? p.suggestions : [];
    const titles = suggestions
      .map((sg) => text((sg as { runbook?: { title?: unknown } })?.runbook?.title))
      .filter((t): t is string => Boolean(t));
    const suggested = titles.length > 0 ? `; suggested: ${[...new Set(titles)].join(', ')}` : '';
    return `ran diagnostics (${text(p.status) ?? '?'}): ${countsText(counts)}${suggested}`;
  }
  const result = (typeof p.result === 'object' && p.result !== null ? p.result : {}) as Record<string, unknown>;
  const action = text(result.action);
  const label =
    action && action in REMEDIATION_LABEL ? REMEDIATION_LABEL[action as keyof typeof REMEDIATION_LABEL] : action;
  return p.ok
    ? `remediation: ${text(result.summary) ?? label ?? '?'}`
    : `remediation ${label ?? '?'} on ${text(p.resource) ?? '?'} failed: ${text(p.error) ?? 'unknown error'}`;
}
