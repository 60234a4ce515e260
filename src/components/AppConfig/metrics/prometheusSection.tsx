import React from 'react';

import { compact, trimmed } from '../shared/compact';
import type { ConfigSection } from '../shared/section';
import { type Secret, secretsFrom, secretUpdate } from '../shared/secrets';
import { PrometheusSettings } from './PrometheusSettings';
import { type QueriesForm, QUERY_KEYS } from './QueryTemplates';

/** Where the back end reads metrics: a Prometheus URL, or a Grafana Prometheus data source. */
export type PrometheusMode = 'url' | 'datasource';

/** The secrets each mode uses; those typed for the other mode are not sent. */
const MODE_SECRETS = {
  url: ['prometheusPassword', 'prometheusToken'],
  datasource: ['grafanaToken'],
} as const satisfies Record<PrometheusMode, readonly string[]>;

type PrometheusSecret = (typeof MODE_SECRETS)[PrometheusMode][number];

/** The Prometheus settings as typed: text, turned into jsonData only on save. */
export interface PrometheusForm {
  mode: PrometheusMode;
  url: string;
  basicAuthUser: string;
  datasourceUid: string;
  timeout: string;
  secrets: Record<PrometheusSecret, Secret>;
  queries: QueriesForm;
}

/**
 * Where error rates and latencies are read, and how the catalogued services' queries are built: empty
 * text is left out, and only the chosen mode's fields are saved.
 */
export const prometheusSection: ConfigSection<PrometheusForm> = {
  key: 'prometheus',
  title: 'Prometheus',
  status: [{ key: 'prometheus' }],
  owns: ['prometheus', 'queries'],
  fromSettings: (jsonData, stored) => {
    const p = jsonData?.prometheus ?? {};
    const queries = jsonData?.queries ?? {};
    return {
      mode: p.datasourceUid && !p.url ? 'datasource' : 'url',
      url: p.url ?? '',
      basicAuthUser: p.basicAuthUser ?? '',
      datasourceUid: p.datasourceUid ?? '',
      timeout: p.timeout ?? '',
      secrets: secretsFrom(stored, [...MODE_SECRETS.url, ...MODE_SECRETS.datasource]),
      queries: Object.fromEntries(QUERY_KEYS.map((key) => [key, queries[key] ?? ''])) as QueriesForm,
    };
  },
  toSettings: (form, stored) => {
    const source =
      form.mode === 'url'
        ? { url: trimmed(form.url), basicAuthUser: trimmed(form.basicAuthUser) }
        : { datasourceUid: trimmed(form.datasourceUid) };
    const inMode: readonly PrometheusSecret[] = MODE_SECRETS[form.mode];
    return {
      jsonData: {
        prometheus: compact({ ...source, timeout: trimmed(form.timeout) }),
        queries: compact(Object.fromEntries(QUERY_KEYS.map((key) => [key, trimmed(form.queries[key])]))),
      },
      secureJsonData: secretUpdate(stored, form.secrets, (key) => inMode.includes(key)),
    };
  },
  render: (props) => <PrometheusSettings {...props} />,
};
