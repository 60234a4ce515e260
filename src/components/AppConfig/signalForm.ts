import type { AppJsonData, CatalogService } from '../../api/client';
import type { SecretKey } from './secrets';

/** Where the back end reads metrics: a Prometheus URL, or a Grafana Prometheus data source. */
export type PrometheusMode = 'url' | 'datasource';

export type QueryKey = 'requestsMetric' | 'statusLabel' | 'durationMetric' | 'rateWindow';

/** The signal settings as typed: text, turned into jsonData only on save. */
export interface SignalForm {
  mode: PrometheusMode;
  url: string;
  basicAuthUser: string;
  datasourceUid: string;
  timeout: string;
  /** The `services` array as JSON text. */
  catalog: string;
  queries: Record<QueryKey, string>;
  reevaluateEvery: string;
}

export type SignalJsonData = Pick<AppJsonData, 'services' | 'queries' | 'prometheus' | 'reevaluateEvery'>;

/** The secrets each Prometheus mode uses; those of the other mode are not sent. */
const MODE_SECRETS: Record<PrometheusMode, SecretKey[]> = {
  url: ['prometheusPassword', 'prometheusToken'],
  datasource: ['grafanaToken'],
};

export function signalFormFrom(jsonData: AppJsonData | undefined): SignalForm {
  const p = jsonData?.prometheus ?? {};
  const q = jsonData?.queries ?? {};
  const services = jsonData?.services ?? [];
  return {
    mode: p.datasourceUid && !p.url ? 'datasource' : 'url',
    url: p.url ?? '',
    basicAuthUser: p.basicAuthUser ?? '',
    datasourceUid: p.datasourceUid ?? '',
    timeout: p.timeout ?? '',
    catalog: services.length > 0 ? JSON.stringify(services, null, 2) : '',
    queries: {
      requestsMetric: q.requestsMetric ?? '',
      statusLabel: q.statusLabel ?? '',
      durationMetric: q.durationMetric ?? '',
      rateWindow: q.rateWindow ?? '',
    },
    reevaluateEvery: jsonData?.reevaluateEvery ?? '',
  };
}

/** Whether a secret is used by the settings as typed (the Prometheus ones only in their mode). */
export function secretInUse(form: SignalForm, key: SecretKey): boolean {
  const other: PrometheusMode = form.mode === 'url' ? 'datasource' : 'url';
  return !MODE_SECRETS[other].includes(key);
}

/** The catalog text as services (undefined when empty), or why it cannot be read. */
export function parseCatalog(text: string): { services?: CatalogService[] } | { error: string } {
  if (text.trim() === '') {
    return {};
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (err) {
    return { error: `not valid JSON: ${err instanceof Error ? err.message : String(err)}` };
  }
  if (!Array.isArray(parsed) || parsed.some((s) => typeof s !== 'object' || s === null || Array.isArray(s))) {
    return { error: 'must be a JSON array of services, such as [{"name": "checkout", "selector": "…"}]' };
  }
  return { services: parsed.length > 0 ? (parsed as CatalogService[]) : undefined };
}

/**
 * The jsonData of the signal settings: empty text is left out, so the back
 * end's defaults apply, and only the fields of the Prometheus mode chosen are kept.
 */
export function signalJsonData(form: SignalForm, services: CatalogService[] | undefined): SignalJsonData {
  const source =
    form.mode === 'url' ? { url: form.url, basicAuthUser: form.basicAuthUser } : { datasourceUid: form.datasourceUid };
  return {
    services,
    queries: compact(form.queries),
    prometheus: compact({ ...source, timeout: form.timeout }),
    reevaluateEvery: form.reevaluateEvery.trim() || undefined,
  };
}

/** The trimmed, non-empty values of `fields`; undefined when there are none. */
function compact<K extends string>(fields: Partial<Record<K, string>>): Partial<Record<K, string>> | undefined {
  const kept = Object.entries(fields)
    .map(([key, value]) => [key, typeof value === 'string' ? value.trim() : ''] as const)
    .filter(([, value]) => value !== '');
  return kept.length > 0 ? (Object.fromEntries(kept) as Partial<Record<K, string>>) : undefined;
}
