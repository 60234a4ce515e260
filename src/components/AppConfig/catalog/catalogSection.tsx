import React from 'react';

import { compact, trimmed } from '../shared/compact';
import type { ConfigSection } from '../shared/section';
import { CatalogSettings } from './CatalogSettings';
import { parseCatalog } from './parseCatalog';

export const QUERY_KEYS = ['requestsMetric', 'statusLabel', 'durationMetric', 'rateWindow'] as const;

export type QueryKey = (typeof QUERY_KEYS)[number];

export interface CatalogForm {
  /** The `services` array as JSON text. */
  catalog: string;
  queries: Record<QueryKey, string>;
}

/** The service catalog, and how the standard queries of its services are built. */
export const catalogSection: ConfigSection<CatalogForm> = {
  key: 'catalog',
  owns: ['services', 'queries'],
  fromSettings: (jsonData) => {
    const services = jsonData?.services ?? [];
    const queries = jsonData?.queries ?? {};
    return {
      catalog: services.length > 0 ? JSON.stringify(services, null, 2) : '',
      queries: Object.fromEntries(QUERY_KEYS.map((key) => [key, queries[key] ?? ''])) as Record<QueryKey, string>,
    };
  },
  validate: (form) => {
    const catalog = parseCatalog(form.catalog);
    return 'error' in catalog
      ? { message: 'The service catalog cannot be read.', fields: [{ path: 'services', message: catalog.error }] }
      : undefined;
  },
  toSettings: (form) => {
    const catalog = parseCatalog(form.catalog);
    return {
      jsonData: {
        services: 'error' in catalog ? undefined : catalog.services,
        queries: compact(Object.fromEntries(QUERY_KEYS.map((key) => [key, trimmed(form.queries[key])]))),
      },
    };
  },
  render: (props) => <CatalogSettings {...props} />,
};
