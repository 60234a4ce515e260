import type { EventPayload } from '../api/events';
import { countsText, REMEDIATION_LABEL } from './format';

type DiagnosticsEventKind = 'diagnostics_run' | 'remediation_run';

// Payload values are still checked: a row written before a field existed lacks it (EventPayload).
function text(v: unknown): string | undefined {
  return typeof v === 'string' && v !== '' ? v : undefined;
}

function list<T>(v: T[] | undefined): T[] {
  return Array.isArray(v) ? v : [];
}

const TEXT: { [K in DiagnosticsEventKind]: (p: EventPayload<K>) => string } = {
  diagnostics_run: (p) => {
    const titles = list(p.suggestions)
      .map((sg) => text(sg?.runbook?.title))
      .filter((t): t is string => Boolean(t));
    const suggested = titles.length > 0 ? `; suggested: ${[...new Set(titles)].join(', ')}` : '';
    return `ran diagnostics (${text(p.status) ?? '?'}): ${countsText(p.counts ?? {})}${suggested}`;
  },
  remediation_run: (p) => {
    const action = text(p.result?.action);
    const label =
      action && action in REMEDIATION_LABEL ? REMEDIATION_LABEL[action as keyof typeof REMEDIATION_LABEL] : action;
    return p.ok
      ? `remediation: ${text(p.result?.summary) ?? label ?? '?'}`
      : `remediation ${label ?? '?'} on ${text(p.resource) ?? '?'} failed: ${text(p.error) ?? 'unknown error'}`;
  },
};

/** Timeline lines of the diagnostics events: the run's verdict and suggestions, or a remediation's outcome. */
export function diagnosticsEventText<K extends DiagnosticsEventKind>(kind: K, p: EventPayload<K>): string {
  return TEXT[kind](p);
}
