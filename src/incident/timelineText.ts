import { dateTimeFormat } from '@grafana/data';

import { typedEvent, type EventPayload } from '../api/events';
import type { TimelineEvent } from '../api/types';
import { stepLabel } from './steps';
import { STATUS_LABEL } from './status';
import { diagnosticsEventText } from '../diagnostics/timeline';
import { schedulerEventText } from '../notifications/timeline';

function str(v: unknown): string | undefined {
  return typeof v === 'string' && v !== '' ? v : undefined;
}

function num(v: unknown): string {
  return typeof v === 'number' ? String(v) : '?';
}

function record(v: unknown): Record<string, unknown> {
  return typeof v === 'object' && v !== null ? (v as Record<string, unknown>) : {};
}

function statusWord(v: unknown): string {
  return typeof v === 'string' && v in STATUS_LABEL ? STATUS_LABEL[v as keyof typeof STATUS_LABEL] : (str(v) ?? '?');
}

/** The roles as one phrase: "commander alice, communications bob, responders carol, dan". */
function rolesText(v: unknown): string {
  const r = record(v);
  const responders = Array.isArray(r.responders) ? r.responders.filter((x) => typeof x === 'string') : [];
  const parts = [
    str(r.commander) && `commander ${r.commander}`,
    str(r.communications) && `communications ${r.communications}`,
    responders.length > 0 && `responders ${responders.join(', ')}`,
  ].filter(Boolean);
  return parts.length > 0 ? parts.join(', ') : 'nobody';
}

const FLAG_LABEL: Record<string, string> = {
  dataIntegrityAtRisk: 'data integrity at risk',
  securityBreach: 'security breach',
};

/** "flagged security breach and cleared data integrity at risk". */
function flagsText(fromValue: unknown, toValue: unknown): string {
  const from = record(fromValue);
  const to = record(toValue);
  const changes = Object.keys(FLAG_LABEL)
    .filter((k) => Boolean(from[k]) !== Boolean(to[k]))
    .map((k) => `${to[k] ? 'flagged' : 'cleared'} ${FLAG_LABEL[k]}`);
  return changes.length > 0 ? changes.join(' and ') : 'changed the flags';
}

/** One line saying what an event did, in words, from its kind and payload. */
export function describeEvent(event: TimelineEvent): string {
  const { kind, payload: p } = typedEvent(event);
  const change = (what: string, c: { from?: unknown; to?: unknown }) =>
    `changed ${what} from ${str(c.from) ?? '?'} to ${str(c.to) ?? '?'}`;
  switch (kind) {
    case 'declared': {
      const services = Array.isArray(p.services) ? p.services.filter((x) => typeof x === 'string').join(', ') : '';
      const suggested = str(p.suggested) ? ` (metrics suggested ${p.suggested})` : '';
      return `declared the incident${str(p.severity) ? ` as ${p.severity}` : ''}${services ? ` affecting ${services}` : ''}${suggested}`;
    }
    case 'alert_firing':
      return `alert ${str(p.alertname) ?? '?'} firing${str(p.summary) ? `: ${p.summary}` : ''}`;
    case 'alert_resolved':
      return `alert ${str(p.alertname) ?? '?'} resolved`;
    case 'severity_suggested':
      return suggestionText(p);
    case 'diagnostics_run':
    case 'remediation_run':
      return diagnosticsEventText(kind, p);
    case 'escalation':
    case 'update_due':
    case 'notification_delivered':
    case 'notification_failed':
      return schedulerEventText(kind, p);
    case 'note':
      return 'added a note';
    case 'status_changed':
      return change('status', p);
    case 'severity_changed':
      return change('severity', p);
    case 'title_changed':
      return change('title', p);
    case 'reopened':
      return `reopened the incident as ${statusWord(p.to)}`;
    case 'step_completed':
      // A page's acknowledge link records the channel that reached the person as the reason.
      return `completed the step ${stepLabel(p.step)}${str(p.reason) ? ` (${p.reason})` : ''}`;
    case 'checklist_changed':
      return `${p.done ? 'checked' : 'unchecked'} “${str(p.text) ?? str(p.id) ?? '?'}”`;
    case 'roles_changed':
      return `set the roles: ${rolesText(p.to)}`;
    case 'customer_reports_changed':
      return `changed customer reports from ${num(p.from)} to ${num(p.to)}`;
    case 'flags_changed':
      return flagsText(p.from, p.to);
    case 'status_update':
      return 'posted a status update';
    case 'impact_changed':
      return impactChangedText(p);
    case 'postmortem_updated':
      return typeof p.actionItems === 'number'
        ? `updated the post-mortem (${p.actionItems} action item${p.actionItems === 1 ? '' : 's'})`
        : 'updated the post-mortem';
    default:
      return String(kind);
  }
}

/** "changed the impact start from 2026-11-29 09:40 to 2026-11-29 09:25" (the reason is the event's text). */
function impactChangedText(p: EventPayload<'impact_changed'>): string {
  const at = (v: unknown) => (str(v) ? dateTimeFormat(v as string, { format: 'YYYY-MM-DD HH:mm' }) : '?');
  return `changed the impact start from ${at(p.from)} to ${at(p.to)}`;
}

/** A metric re-evaluation: what the metrics now justify, and whether it was applied. */
function suggestionText(p: EventPayload<'severity_suggested'>): string {
  switch (p.direction) {
    case 'recovered':
      return 'metrics are back under every threshold';
    case 'match':
      return `metrics now justify the current severity ${str(p.current) ?? ''}`.trim();
  }
  const verb = p.direction === 'upgrade' ? 'an upgrade' : 'a downgrade';
  return `metrics suggest ${verb} from ${str(p.current) ?? '?'} to ${str(p.suggested) ?? '?'}${p.applied ? ' (applied by policy)' : ''}`;
}

/** The free text an event carries: a note's text, the reason given for a change, or the evidence of a suggestion. */
export function eventText(event: TimelineEvent): string | undefined {
  const e = typedEvent(event);
  const reasons =
    e.kind === 'severity_suggested' ? e.payload.reasons : e.kind === 'declared' ? e.payload.evidence : undefined;
  if (e.kind === 'severity_suggested' || Array.isArray(reasons)) {
    return Array.isArray(reasons) ? reasons.filter((r) => typeof r === 'string').join('\n') || undefined : undefined;
  }
  return e.kind === 'note' ? str(e.payload.text) : 'reason' in e.payload ? str(e.payload.reason) : undefined;
}

/** A status update's message, as posted. */
export function statusUpdateMessage(event: TimelineEvent): { subject?: string; body?: string } | undefined {
  const e = typedEvent(event);
  if (e.kind !== 'status_update') {
    return undefined;
  }
  return { subject: str(e.payload.subject), body: str(e.payload.body) };
}
