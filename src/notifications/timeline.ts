import type { EventPayload } from '../api/events';

/** The scheduler's and the outbox's timeline events (issue 6). */
export type SchedulerEventKind = 'escalation' | 'update_due' | 'notification_delivered' | 'notification_failed';

// Payload values are still checked: a row written before a field existed lacks it (EventPayload).
function text(v: unknown): string | undefined {
  return typeof v === 'string' && v !== '' ? v : undefined;
}

function notified(channels: string[] | undefined): string {
  const names = Array.isArray(channels) ? channels.filter((c) => typeof c === 'string') : [];
  return names.length > 0 ? `; notified ${names.join(', ')}` : '';
}

const TEXT: { [K in SchedulerEventKind]: (p: EventPayload<K>) => string } = {
  escalation: (p) => {
    if (p.firing === 'tier') {
      return `escalation tier reached: engage ${text(p.who) ?? '?'}${notified(p.channels)}`;
    }
    return p.applied === true
      ? `escalated automatically from ${text(p.from) ?? '?'} to ${text(p.to) ?? '?'} (rule ${text(p.rule) ?? '?'})${notified(p.channels)}`
      : `escalation to ${text(p.to) ?? '?'} is due (rule ${text(p.rule) ?? '?'}); the incident commander decides${notified(p.channels)}`;
  },
  update_due: (p) => {
    const missed = typeof p.missed === 'number' && p.missed > 1 ? ` (${p.missed} periods missed)` : '';
    return `a stakeholder update is overdue${missed}${notified(p.channels)}`;
  },
  notification_delivered: (p) => `notification delivered to ${text(p.channel) ?? '?'}`,
  notification_failed: (p) => `notification to ${text(p.channel) ?? '?'} failed: ${text(p.error) ?? 'unknown error'}`,
};

/** One line for an escalation, a missed update or a notification's fate; never a channel URL (the back end stores none). */
export function schedulerEventText<K extends SchedulerEventKind>(kind: K, p: EventPayload<K>): string {
  return TEXT[kind](p);
}
