import { useMemo } from 'react';
import { usePluginContext } from '@grafana/data';

import type { AppJsonData } from '../../api/client';

/**
 * The catalogued service names, from the app settings Grafana hands every role that may open the
 * app (names only; the catalog's credentials live in secureJsonData). Empty outside an app page.
 */
export function useCatalogNames(): string[] {
  const services = usePluginContext<AppJsonData>()?.meta.jsonData?.services;
  return useMemo(() => [...new Set((services ?? []).map((s) => s.name).filter(Boolean))].sort(), [services]);
}
