import type { CatalogService, DiagnosticsJsonData, RemediationAction } from '../../api/client';
import type { Secret, StoredSecrets } from './secrets';

export const REMEDIATIONS: RemediationAction[] = [
  'terminate-idle-backends',
  'ecs-force-new-deployment',
  'asg-instance-refresh',
];

export type AWSAuthType = 'default' | 'keys' | 'credentials' | 'ec2_iam_role';

/** The diagnostics settings as edited; text fields hold what was typed. */
export interface DiagnosticsForm {
  authType: AWSAuthType;
  profile: string;
  assumeRoleArn: string;
  externalId: string;
  defaultRegion: string;
  endpoint: string;
  longQuery: string;
  idleAge: string;
  /** Runbook overrides as JSON text (an array of runbooks); empty means none. */
  runbooks: string;
  remediation: Record<RemediationAction, boolean>;
}

export function diagnosticsFormFrom(d: DiagnosticsJsonData | undefined): DiagnosticsForm {
  return {
    authType: d?.aws?.authType ?? 'default',
    profile: d?.aws?.profile ?? '',
    assumeRoleArn: d?.aws?.assumeRoleArn ?? '',
    externalId: d?.aws?.externalId ?? '',
    defaultRegion: d?.aws?.defaultRegion ?? '',
    endpoint: d?.aws?.endpoint ?? '',
    longQuery: d?.postgres?.longQuery ?? '',
    idleAge: d?.postgres?.idleAge ?? '',
    runbooks: d?.runbooks?.length ? JSON.stringify(d.runbooks, null, 2) : '',
    remediation: Object.fromEntries(REMEDIATIONS.map((a) => [a, Boolean(d?.remediation?.[a])])) as Record<
      RemediationAction,
      boolean
    >,
  };
}

const trimmed = (v: string) => v.trim() || undefined;

/** Drops undefined values, and the object itself when nothing is left. */
function compact<T extends object>(o: T): T | undefined {
  const entries = Object.entries(o).filter(([, v]) => v !== undefined);
  return entries.length > 0 ? (Object.fromEntries(entries) as T) : undefined;
}

/**
 * jsonData "diagnostics" from the form (undefined when everything is the default), or why the runbook
 * overrides cannot be read.
 */
export function diagnosticsJsonData(f: DiagnosticsForm): { data: DiagnosticsJsonData | undefined } | { error: string } {
  let runbooks: unknown[] | undefined;
  if (f.runbooks.trim() !== '') {
    try {
      const parsed: unknown = JSON.parse(f.runbooks);
      if (!Array.isArray(parsed)) {
        return { error: 'must be a JSON array of runbooks' };
      }
      runbooks = parsed;
    } catch (e) {
      return { error: `is not valid JSON: ${(e as Error).message}` };
    }
  }
  const enabled = REMEDIATIONS.filter((a) => f.remediation[a]);
  return {
    data: compact({
      aws: compact({
        authType: f.authType === 'default' ? undefined : f.authType,
        profile: f.authType === 'credentials' ? trimmed(f.profile) : undefined,
        assumeRoleArn: trimmed(f.assumeRoleArn),
        externalId: trimmed(f.assumeRoleArn) ? trimmed(f.externalId) : undefined,
        defaultRegion: trimmed(f.defaultRegion),
        endpoint: trimmed(f.endpoint),
      }),
      postgres: compact({ longQuery: trimmed(f.longQuery), idleAge: trimmed(f.idleAge) }),
      runbooks,
      remediation: enabled.length > 0 ? Object.fromEntries(enabled.map((a) => [a, true])) : undefined,
    }),
  };
}

/** The PostgreSQL target names the catalog uses, each of which needs a DSN secret "postgres.<name>". */
export function postgresTargets(services: CatalogService[] | undefined): string[] {
  return [...new Set((services ?? []).map((s) => s.postgres).filter((n): n is string => Boolean(n)))].sort();
}

export const postgresSecretKey = (name: string) => `postgres.${name}` as const;

export function postgresSecretsFrom(stored: StoredSecrets | undefined): Record<string, Secret> {
  const out: Record<string, Secret> = {};
  for (const [key, set] of Object.entries(stored ?? {})) {
    if (set && key.startsWith('postgres.')) {
      out[key.slice('postgres.'.length)] = { configured: true, value: '' };
    }
  }
  return out;
}

/**
 * The DSN secrets to send, with the rules of secretUpdate: nothing for a kept one, "" for a reset one, the
 * typed value for a new one.
 */
export function postgresSecretUpdate(
  stored: StoredSecrets | undefined,
  secrets: Record<string, Secret>
): Record<string, string> {
  const update: Record<string, string> = {};
  for (const [name, { configured, value }] of Object.entries(secrets)) {
    const key = postgresSecretKey(name);
    if (configured) {
      continue;
    }
    if (value.trim() !== '') {
      update[key] = value.trim();
    } else if (stored?.[key]) {
      update[key] = '';
    }
  }
  return update;
}
