import type { NotificationChannel, NotificationsJsonData } from '../../../api/client';
import type { FieldError, Severity } from '../../../api/types';
import { NO_SECRET, type Secret, secretChange, type StoredSecrets } from '../shared/secrets';

export type ChannelEvent = NonNullable<NotificationChannel['events']>[number];

export const CHANNEL_EVENTS: Array<{ value: ChannelEvent; label: string }> = [
  { value: 'escalation', label: 'Escalations' },
  { value: 'update_reminder', label: 'Update reminders' },
  { value: 'status_update', label: 'Status updates' },
];

/** One channel as edited. `stored` says under which name, and which, secrets are stored (undefined for a new one). */
export interface ChannelForm {
  name: string;
  kind: NotificationChannel['kind'];
  severities: Severity[];
  events: ChannelEvent[];
  url: Secret;
  secret: Secret;
  stored?: { name: string; url: boolean; secret: boolean };
}

export const channelUrlKey = (name: string) => `notifyUrl_${name}` as const;
export const channelSecretKey = (name: string) => `notifySecret_${name}` as const;

export function channelsFrom(
  data: NotificationsJsonData | undefined,
  stored: StoredSecrets | undefined
): ChannelForm[] {
  return (data?.channels ?? []).map((c) => ({
    name: c.name,
    kind: c.kind,
    severities: c.severities ?? [],
    events: c.events ?? [],
    url: { configured: Boolean(stored?.[channelUrlKey(c.name)]), value: '' },
    secret: { configured: Boolean(stored?.[channelSecretKey(c.name)]), value: '' },
    stored: {
      name: c.name,
      url: Boolean(stored?.[channelUrlKey(c.name)]),
      secret: Boolean(stored?.[channelSecretKey(c.name)]),
    },
  }));
}

export function newChannel(): ChannelForm {
  return {
    name: '',
    kind: 'slack',
    severities: [],
    events: [],
    url: NO_SECRET,
    secret: NO_SECRET,
  };
}

/**
 * Renaming moves nothing: the secrets are stored under the name, so a renamed channel needs them typed again
 * (what was typed is kept); renaming it back finds the stored ones again.
 */
export function renameChannel(c: ChannelForm, name: string): ChannelForm {
  if (c.stored && name === c.stored.name) {
    return {
      ...c,
      name,
      url: c.url.value ? c.url : { configured: c.stored.url, value: '' },
      secret: c.secret.value ? c.secret : { configured: c.stored.secret, value: '' },
    };
  }
  return {
    ...c,
    name,
    url: { configured: false, value: c.url.value },
    secret: { configured: false, value: c.secret.value },
  };
}

export function notificationsJsonData(channels: ChannelForm[]): NotificationsJsonData | undefined {
  if (channels.length === 0) {
    return undefined;
  }
  return {
    channels: channels.map((c) => ({
      name: c.name.trim(),
      kind: c.kind,
      severities: c.severities.length > 0 ? c.severities : undefined,
      events: c.events.length > 0 ? c.events : undefined,
    })),
  };
}

/**
 * The channel secrets to send, with the rules of secretChange: nothing for a kept one, the typed value for a new
 * one, "" for one reset, and "" for every stored one whose channel was removed or renamed (nothing is left behind).
 */
export function channelSecretUpdate(
  stored: StoredSecrets | undefined,
  channels: ChannelForm[]
): Record<string, string> {
  const update: Record<string, string> = {};
  const wanted = new Set<string>();
  for (const c of channels) {
    const name = c.name.trim();
    const pairs: Array<[string, Secret]> = [[channelUrlKey(name), c.url]];
    if (c.kind === 'webhook') {
      pairs.push([channelSecretKey(name), c.secret]);
    }
    for (const [key, s] of pairs) {
      wanted.add(key);
      const change = secretChange(stored, key, s);
      if (change !== undefined) {
        update[key] = change;
      }
    }
  }
  for (const [key, set] of Object.entries(stored ?? {})) {
    if (set && (key.startsWith('notifyUrl_') || key.startsWith('notifySecret_')) && !wanted.has(key)) {
      update[key] = '';
    }
  }
  return update;
}

/** Secrets the back end cannot see before the save: a channel needs its URL, a webhook also its HMAC key. */
export function missingChannelSecrets(channels: ChannelForm[]): FieldError[] {
  const missing = (s: Secret) => !s.configured && s.value.trim() === '';
  const out: FieldError[] = [];
  channels.forEach((c, i) => {
    if (missing(c.url)) {
      out.push({ path: `notifications.channels[${i}].url`, message: 'is required' });
    }
    if (c.kind === 'webhook' && missing(c.secret)) {
      out.push({
        path: `notifications.channels[${i}].secret`,
        message: 'is required: receivers verify each request with it',
      });
    }
  });
  return out;
}
