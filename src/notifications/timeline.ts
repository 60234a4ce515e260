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

/** Who a tier paged and through which methods, and who it could not reach. */
function paged(p: EventPayload<'escalation'>): string {
  const people = Array.isArray(p.paged) ? p.paged : [];
  const parts = people.map((r) => {
    const via = Array.isArray(r.via) && r.via.length > 0 ? ` by ${r.via.join(' and ')}` : '';
    return `${r.login}${via}`;
  });
  const unreached = Array.isArray(p.unreached) ? p.unreached.filter((u) => typeof u === 'string') : [];
  return (
    (parts.length > 0 ? `; paged ${parts.join(', ')}` : '') + (unreached.length > 0 ? ` (${unreached.join('; ')})` : '')
  );
}

const TEXT: { [K in SchedulerEventKind]: (p: EventPayload<K>) => string } = {
  escalation: (p) => {
    if (p.firing === 'tier') {
      return `escalation tier reached: engage ${text(p.who) ?? '?'}${paged(p)}${notified(p.channels)}`;
    }
    return p.applied === true
      ? `escalated automatically from ${text(p.from) ?? '?'} to ${text(p.to) ?? '?'} (rule ${text(p.rule) ?? '?'})${notified(p.channels)}`
      : `escalation to ${text(p.to) ?? '?'} is due (rule ${text(p.rule) ?? '?'}); the incident commander decides${notified(p.channels)}`;
  },
  update_due: (p) => {
    const missed = typeof p.missed === 'number' && p.missed > 1 ? ` (${p.missed} periods missed)` : '';
    return `a stakeholder update is overdue${missed}${notified(p.channels)}`;
  },
  notification_delivered: (p) =>
    text(p.recipient)
      ? `page delivered to ${p.recipient} by ${text(p.via) ?? '?'}`
      : `notification delivered to ${text(p.channel) ?? '?'}`,
  notification_failed: (p) =>
    text(p.recipient)
      ? `page to ${p.recipient} by ${text(p.via) ?? '?'} failed: ${text(p.error) ?? 'unknown error'}`
      : `notification to ${text(p.channel) ?? '?'} failed: ${text(p.error) ?? 'unknown error'}`,
};

/** One line for an escalation, a missed update or a notification's fate; never a channel URL (the back end stores none). */
export function schedulerEventText<K extends SchedulerEventKind>(kind: K, p: EventPayload<K>): string {
  return TEXT[kind](p);
}
