import type { AppSecureJsonData } from '../../../api/client';

/** One secret as edited: `configured` while the stored value is kept, `value` what was typed after a reset. */
export interface Secret {
  configured: boolean;
  value: string;
}

/** Grafana's `secureJsonFields`: which secrets are stored (Grafana never returns their values). */
export type StoredSecrets = Partial<Record<string, boolean>>;

export const NO_SECRET: Secret = { configured: false, value: '' };

/** The secrets `keys` as loaded: each stored one "configured", the others empty. */
export function secretsFrom<K extends string>(
  stored: StoredSecrets | undefined,
  keys: readonly K[]
): Record<K, Secret> {
  const entries = keys.map((key) => [key, { configured: Boolean(stored?.[key]), value: '' }] as const);
  return Object.fromEntries(entries) as Record<K, Secret>;
}

/**
 * What to send for one secret: nothing for a stored secret that is kept
 * (Grafana never returns it, so sending nothing preserves it), an empty value
 * for one the admin reset, the new value for one typed. A value typed into a
 * field that is no longer shown (`inUse` false: another mode was chosen) is
 * not sent; a reset there still removes the stored secret.
 */
export function secretChange(stored: StoredSecrets | undefined, key: string, secret: Secret, inUse = true) {
  if (secret.configured) {
    return undefined;
  }
  const typed = inUse ? secret.value.trim() : '';
  if (typed !== '') {
    return typed;
  }
  return stored?.[key] ? '' : undefined;
}

/** The secretChange of each of `secrets`, by key; undefined when nothing is to be sent. */
export function secretUpdate<K extends string>(
  stored: StoredSecrets | undefined,
  secrets: Record<K, Secret>,
  inUse: (key: K) => boolean = () => true
): AppSecureJsonData | undefined {
  const update: Record<string, string> = {};
  for (const [key, secret] of Object.entries<Secret>(secrets)) {
    const change = secretChange(stored, key, secret, inUse(key as K));
    if (change !== undefined) {
      update[key] = change;
    }
  }
  return Object.keys(update).length > 0 ? update : undefined;
}

/** The `secret` and `onChange` props of the SecretField for `key` of a section's `secrets`. */
export function secretFieldProps<K extends string>(
  secrets: Record<K, Secret>,
  key: K,
  onSecrets: (secrets: Record<K, Secret>) => void
) {
  return {
    secret: secrets[key] ?? NO_SECRET,
    onChange: (secret: Secret) => onSecrets({ ...secrets, [key]: secret }),
  };
}
