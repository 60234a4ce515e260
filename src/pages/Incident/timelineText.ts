import type { TimelineEvent } from '../../api/types';

function str(v: unknown): string | undefined {
  return typeof v === 'string' && v !== '' ? v : undefined;
}

/** One line saying what an event did, in words, from its kind and payload. */
export function describeEvent(event: TimelineEvent): string {
  const p = event.payload ?? {};
  const change = (what: string) => `changed ${what} from ${str(p.from) ?? '?'} to ${str(p.to) ?? '?'}`;
  switch (event.kind) {
    case 'declared': {
      const services = Array.isArray(p.services) ? p.services.filter((x) => typeof x === 'string').join(', ') : '';
      return `declared the incident${str(p.severity) ? ` as ${p.severity}` : ''}${services ? ` affecting ${services}` : ''}`;
    }
    case 'note':
      return 'added a note';
    case 'status_changed':
      return change('status');
    case 'severity_changed':
      return change('severity');
    case 'title_changed':
      return change('title');
    default:
      return String(event.kind);
  }
}

/** The free text an event carries: a note's text, or the reason given for a change. */
export function eventText(event: TimelineEvent): string | undefined {
  const p = event.payload ?? {};
  return event.kind === 'note' ? str(p.text) : str(p.reason);
}
