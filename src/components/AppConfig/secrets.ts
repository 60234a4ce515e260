import type { AppSecureJsonData } from '../../api/client';

/** Every secret the settings page edits; Grafana stores them encrypted and only says whether each is set. */
export const SECRET_KEYS = [
  'postgresDsn',
  'prometheusPassword',
  'prometheusToken',
  'grafanaToken',
  'alertWebhookSecret',
  'awsAccessKey',
  'awsSecretKey',
] as const satisfies ReadonlyArray<keyof AppSecureJsonData>;

export type SecretKey = (typeof SECRET_KEYS)[number];

/** One secret as edited: `configured` while the stored value is kept, `value` what was typed after a reset. */
export interface Secret {
  configured: boolean;
  value: string;
}

export type Secrets = Record<SecretKey, Secret>;

/** Grafana's `secureJsonFields`: which secrets are stored. */
export type StoredSecrets = Partial<Record<string, boolean>>;

export function secretsFrom(stored: StoredSecrets | undefined): Secrets {
  const entries = SECRET_KEYS.map((key) => [key, { configured: Boolean(stored?.[key]), value: '' }] as const);
  return Object.fromEntries(entries) as Secrets;
}

/**
 * What to send for the secrets: nothing for a stored secret that is kept
 * (Grafana never returns it, so sending nothing preserves it), an empty value
 * for one the admin reset, the new value for one typed. A value typed into a
 * field that is no longer shown (`inUse` false: the other Prometheus mode) is
 * not sent; a reset there still removes the stored secret.
 */
export function secretUpdate(
  stored: StoredSecrets | undefined,
  secrets: Secrets,
  inUse: (key: SecretKey) => boolean = () => true
): AppSecureJsonData | undefined {
  const update: AppSecureJsonData = {};
  for (const key of SECRET_KEYS) {
    const { configured, value } = secrets[key];
    if (configured) {
      continue;
    }
    const typed = inUse(key) ? value.trim() : '';
    if (typed !== '') {
      update[key] = typed;
    } else if (stored?.[key]) {
      update[key] = '';
    }
  }
  return Object.keys(update).length > 0 ? update : undefined;
}
