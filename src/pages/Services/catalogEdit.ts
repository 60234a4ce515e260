// The service catalog as the Services page edits it: pure functions, no I/O.
// The rules mirror pkg/catalog/validate.go only as far as the page needs to build
// valid entries (names, selectors); the back end's validation stays the judge.
import type { AppJsonData, CatalogService } from '../../api/client';
import type { FieldError } from '../../api/types';
import { postgresSecretKey, postgresTargets } from '../../components/AppConfig/diagnostics/diagnosticsForm';

/** The AWS resources a service can name (pkg/catalog AWSResources), in form order, with their labels. */
export const AWS_FIELDS = [
  { key: 'region', label: 'Region', placeholder: 'us-east-1' },
  { key: 'autoScalingGroup', label: 'Auto Scaling group', placeholder: 'checkout-prod-asg' },
  { key: 'targetGroupArn', label: 'Target group ARN', placeholder: 'arn:aws:elasticloadbalancing:…:targetgroup/…' },
  { key: 'ecsCluster', label: 'ECS cluster', placeholder: 'prod' },
  { key: 'ecsService', label: 'ECS service', placeholder: 'checkout' },
  { key: 'ecrRepository', label: 'ECR repository', placeholder: 'checkout' },
  { key: 'logGroup', label: 'CloudWatch log group', placeholder: '/ecs/checkout' },
  { key: 'rdsInstance', label: 'RDS instance', placeholder: 'orders-db' },
  { key: 'rdsCluster', label: 'RDS cluster', placeholder: 'orders' },
  { key: 'containerName', label: 'Container name', placeholder: 'checkout' },
  { key: 'elastiCacheCluster', label: 'ElastiCache cluster', placeholder: 'sessions' },
] as const;

export type AwsKey = (typeof AWS_FIELDS)[number]['key'];

/** One service as typed into the form: every field a string, empty when not set. */
export interface ServiceDraft {
  name: string;
  selector: string;
  errorRateQuery: string;
  latencyQuery: string;
  healthUrl: string;
  aws: Record<AwsKey, string>;
  postgres: string;
}

const MAX_NAME = 100;

export function draftOf(service?: CatalogService): ServiceDraft {
  const aws = Object.fromEntries(AWS_FIELDS.map(({ key }) => [key, service?.aws?.[key] ?? ''])) as Record<
    AwsKey,
    string
  >;
  return {
    name: service?.name ?? '',
    selector: service?.selector ?? '',
    errorRateQuery: service?.errorRateQuery ?? '',
    latencyQuery: service?.latencyQuery ?? '',
    healthUrl: service?.healthUrl ?? '',
    aws,
    postgres: service?.postgres ?? '',
  };
}

/** The catalog entry of a draft: trimmed, with empty fields (and an empty `aws`) left out. */
export function serviceOf(draft: ServiceDraft): CatalogService {
  const set = (v: string) => v.trim() || undefined;
  const awsEntries = AWS_FIELDS.map(({ key }) => [key, draft.aws[key].trim()]).filter(([, v]) => v !== '');
  const service: CatalogService = {
    name: draft.name.trim(),
    selector: set(draft.selector),
    errorRateQuery: set(draft.errorRateQuery),
    latencyQuery: set(draft.latencyQuery),
    healthUrl: set(draft.healthUrl),
    aws: awsEntries.length > 0 ? Object.fromEntries(awsEntries) : undefined,
    postgres: set(draft.postgres),
  };
  return Object.fromEntries(Object.entries(service).filter(([, v]) => v !== undefined)) as CatalogService;
}

/** A label value as a service name: lower case, runs of other characters as one '-', at most 100 characters. */
export function serviceNameOf(value: string): string {
  return value
    .toLowerCase()
    .replace(/[^a-z0-9\-_.]+/g, '-')
    .replace(/^[^a-z0-9]+/, '')
    .slice(0, MAX_NAME)
    .replace(/-+$/, '');
}

/** The PromQL matcher `label="value"`, with the value quoted as PromQL reads it. */
export function selectorOf(label: string, value: string): string {
  return `${label}=${JSON.stringify(value)}`;
}

/**
 * One service per label value (name from the value, selector label="value"), skipping values whose
 * name is empty or already taken (by the catalog or an earlier value). Returns what to add and what was skipped.
 */
export function servicesFromLabel(
  existing: CatalogService[],
  label: string,
  values: string[]
): { added: CatalogService[]; skipped: string[] } {
  const taken = new Set(existing.map((s) => s.name));
  const added: CatalogService[] = [];
  const skipped: string[] = [];
  for (const value of values) {
    const name = serviceNameOf(value);
    if (name === '' || taken.has(name)) {
      skipped.push(value);
      continue;
    }
    taken.add(name);
    added.push({ name, selector: selectorOf(label, value) });
  }
  return { added, skipped };
}

/** The field errors of services[index], with paths relative to the service (`selector`, `aws.region`). */
export function errorsOfService(fields: FieldError[], index: number): FieldError[] {
  const prefix = `services[${index}].`;
  return fields.filter((f) => f.path.startsWith(prefix)).map((f) => ({ ...f, path: f.path.slice(prefix.length) }));
}

/**
 * The jsonData to save: the current one with only `services` replaced. Grafana replaces jsonData as a
 * whole, so every other key goes back as it was read.
 */
export function withServices(current: AppJsonData | null | undefined, services: CatalogService[]): AppJsonData {
  const { services: _old, ...rest } = current ?? {};
  return services.length > 0 ? { ...rest, services } : rest;
}

/** The catalog as provisioning and the config API take it: the jsonData.services array. */
export function catalogJson(services: CatalogService[]): string {
  return `${JSON.stringify(services, null, 2)}\n`;
}

/** PostgreSQL target names known so far: those with a DSN in secure settings and those the catalog names. */
export function postgresTargetNames(
  services: CatalogService[],
  secureJsonFields: Partial<Record<string, boolean>> | undefined
): string[] {
  const fromSecrets = Object.entries(secureJsonFields ?? {})
    .filter(([key, set]) => set && key.startsWith(SECRET_PREFIX))
    .map(([key]) => key.slice(SECRET_PREFIX.length));
  return [...new Set([...fromSecrets, ...postgresTargets(services)])].sort();
}

const SECRET_PREFIX = postgresSecretKey('');
