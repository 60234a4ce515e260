import { usePluginContext } from '@grafana/data';
import { getDataSourceSrv } from '@grafana/runtime';

import type { AppJsonData } from '../api/client';

/**
 * The uid of the Grafana data source Explore should query: the one the app
 * reads Prometheus through, when it is set that way; when the app talks to
 * Prometheus directly by URL, Grafana's default Prometheus data source (else
 * its first). Undefined when Grafana has none: then there is no Explore link.
 */
export function usePrometheusUid(): string | undefined {
  const context = usePluginContext<AppJsonData>();
  const configured = context?.meta.jsonData?.prometheus?.datasourceUid;
  if (configured) {
    return configured;
  }
  try {
    const list = getDataSourceSrv().getList({ type: 'prometheus' });
    return (list.find((ds) => ds.isDefault) ?? list[0])?.uid;
  } catch {
    // No data source service (outside Grafana, e.g. a unit test without one).
    return undefined;
  }
}
