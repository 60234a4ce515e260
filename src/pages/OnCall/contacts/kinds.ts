import type { ContactMethodRequest, ContactMethodView } from '../../../api/types';

export type Kind = ContactMethodRequest['kind'];

/** What each kind asks for. URL and token are write-only: the back end keeps them sealed and never returns them. */
export const KINDS: Array<{
  value: Kind;
  label: string;
  address?: string;
  userId?: string;
  url?: string;
  token?: { label: string; optional: boolean };
}> = [
  { value: 'email', label: 'Email', address: 'Email address' },
  { value: 'ntfy', label: 'ntfy', url: 'Topic URL', token: { label: 'Access token', optional: true } },
  { value: 'gotify', label: 'Gotify', url: 'Server URL', token: { label: 'App token', optional: false } },
  { value: 'webhook', label: 'Personal webhook', url: 'Webhook URL' },
  { value: 'slack', label: 'Slack', userId: 'Slack member ID' },
];

export function kindOf(kind: Kind) {
  return KINDS.find((k) => k.value === kind) ?? KINDS[0];
}

/** One line for the list: the address or member id, or that the URL is stored (it is never shown). */
export function describe(m: ContactMethodView): string {
  if (m.address) {
    return m.address;
  }
  if (m.userId) {
    return m.userId;
  }
  return m.hasSecret ? 'URL stored' : '';
}
