import { usePluginContext } from '@grafana/data';

import type { AppJsonData } from '../api/client';
import type { SeverityLabelStyle } from './severity';

/** The admin's choice of P1–P4 or SEV1–SEV4, from the app settings Grafana hands the app. */
export function useSeverityLabelStyle(): SeverityLabelStyle {
  const context = usePluginContext<AppJsonData>();
  return context?.meta.jsonData?.severityLabels === 'SEV' ? 'SEV' : 'P';
}
