/** The scheduler's and the outbox's timeline events (issue 6). */
export type SchedulerEventKind = 'escalation' | 'update_due' | 'notification_delivered' | 'notification_failed';

function text(v: unknown): string | undefined {
  return typeof v === 'string' && v !== '' ? v : undefined;
}

/** One line for an escalation, a missed update or a notification's fate; never a channel URL (the back end stores none). */
export function schedulerEventText(kind: SchedulerEventKind, p: Record<string, unknown>): string {
  const channels = Array.isArray(p.channels) ? p.channels.filter((c) => typeof c === 'string') : [];
  const notified = channels.length > 0 ? `; notified ${channels.join(', ')}` : '';
  switch (kind) {
    case 'escalation':
      if (p.firing === 'tier') {
        return `escalation tier reached: engage ${text(p.who) ?? '?'}${notified}`;
      }
      return p.applied === true
        ? `escalated automatically from ${text(p.from) ?? '?'} to ${text(p.to) ?? '?'} (rule ${text(p.rule) ?? '?'})${notified}`
        : `escalation to ${text(p.to) ?? '?'} is due (rule ${text(p.rule) ?? '?'}); the incident commander decides${notified}`;
    case 'update_due': {
      const missed = typeof p.missed === 'number' && p.missed > 1 ? ` (${p.missed} periods missed)` : '';
      return `a stakeholder update is overdue${missed}${notified}`;
    }
    case 'notification_delivered':
      return `notification delivered to ${text(p.channel) ?? '?'}`;
    case 'notification_failed':
      return `notification to ${text(p.channel) ?? '?'} failed: ${text(p.error) ?? 'unknown error'}`;
  }
}
