import type { CatalogService, DiagnosticsJsonData, RemediationAction } from '../../../api/client';
import { compact, trimmed } from '../shared/compact';
import { type Secret, secretsFrom, type StoredSecrets } from '../shared/secrets';

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
  /** The AWS keys (sent only with the "keys" authentication) and a DSN per PostgreSQL target (postgresSecretKey). */
  secrets: Record<string, Secret>;
}

export const AWS_SECRETS = ['awsAccessKey', 'awsSecretKey'] as const;

export function diagnosticsFormFrom(
  d: DiagnosticsJsonData | undefined,
  stored: StoredSecrets | undefined
): DiagnosticsForm {
  const targetSecrets = Object.entries(stored ?? {})
    .filter(([key, set]) => set && key.startsWith('postgres.'))
    .map(([key]) => key);
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
    secrets: secretsFrom(stored, [...AWS_SECRETS, ...targetSecrets]),
  };
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
