// What the Services page asks Prometheus through the back end (Admin only): label names and
// values of the requests metric to build selectors from, and the preview of a draft service.
import { useQuery } from '@tanstack/react-query';

import { type CatalogService, listPrometheusLabels, listPrometheusLabelValues, previewService } from '../../api/client';
import { asResource, type Resource } from '../../api/hooks';
import { queryKeys } from '../../api/queryKeys';
import type { PrometheusLabels, PrometheusLabelValues, ServicePreview } from '../../api/types';

export function usePrometheusLabels(): Resource<PrometheusLabels> {
  return asResource(useQuery({ queryKey: queryKeys.prometheusLabels, queryFn: () => listPrometheusLabels() }));
}

/** The values of `label`; nothing is asked until a label is chosen. */
export function useLabelValues(label: string | undefined): Resource<PrometheusLabelValues> {
  return asResource(
    useQuery({
      queryKey: queryKeys.prometheusLabelValues(label ?? ''),
      queryFn: () => listPrometheusLabelValues(label!),
      enabled: Boolean(label),
    })
  );
}

/** Whether a service says how to query it: a selector, or both custom queries. */
export function hasMetrics(service: CatalogService): boolean {
  return Boolean(service.selector || (service.errorRateQuery && service.latencyQuery));
}

/**
 * The last hour of `service`'s error rate and p99 latency; nothing is asked while it has no
 * way to be queried. A 400 (an invalid selector) is the error, with its field paths.
 */
export function useServicePreview(service: CatalogService | undefined): Resource<ServicePreview> {
  return asResource(
    useQuery({
      queryKey: queryKeys.servicePreview(service),
      queryFn: () => previewService(service!),
      enabled: service !== undefined && hasMetrics(service),
    })
  );
}
