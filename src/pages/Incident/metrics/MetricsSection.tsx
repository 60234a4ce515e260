import React from 'react';
import { css } from '@emotion/css';
import type { GrafanaTheme2 } from '@grafana/data';
import { useStyles2 } from '@grafana/ui';

import { useIncidentMetrics } from '../../../api/hooks';
import type { Incident } from '../../../api/types';
import { bandsText } from '../../../metrics/format';
import { ResourceStatus } from '../../../components/ResourceStatus';
import { SetupHint } from '../../../components/SetupHint';
import { ServiceGraphs } from './ServiceGraphs';

// Warning, not error: the rest of the incident page works without the graphs.
const UNLOADED = { errorTitle: 'Metrics unavailable', loadingText: 'Loading metrics…', severity: 'warning' } as const;

/** Error rate and p99 latency of the incident's services, with threshold bands and the incident window. */
export function MetricsSection({ incident }: { incident: Incident }) {
  const s = useStyles2(getStyles);
  const metrics = useIncidentMetrics(incident.id, incident.version);
  const data = metrics.data;
  const window = {
    start: Date.parse(incident.createdAt),
    end: incident.resolvedAt ? Date.parse(incident.resolvedAt) : undefined,
  };

  let body: React.ReactNode;
  if (metrics.error || !data) {
    body = <ResourceStatus resource={metrics} {...UNLOADED} />;
  } else if (data.reason) {
    // The back end gives a reason only when it has no Prometheus to ask (not configured, or incomplete).
    body = (
      <SetupHint gap="prometheus" title="Metrics unavailable">
        {data.reason}, so there is nothing to graph.
      </SetupHint>
    );
  } else if (data.services.length === 0) {
    body = (
      <SetupHint gap="catalog" title="Nothing to graph">
        None of this incident&apos;s services ({incident.services.join(', ')}) is in the service catalog.
      </SetupHint>
    );
  } else {
    body = (
      <>
        <p className={s.muted}>{bandsText(data.thresholds)} The shaded span is the incident.</p>
        {data.services.map((svc) => (
          <div key={svc.service} className={s.service}>
            <h4>{svc.service}</h4>
            <ServiceGraphs service={svc} metrics={data} window={window} />
          </div>
        ))}
        {data.uncatalogued.length > 0 && (
          <p className={s.muted}>Not in the service catalog: {data.uncatalogued.join(', ')}.</p>
        )}
      </>
    );
  }
  return (
    <section aria-label="Metrics" className={s.section}>
      <h3>Metrics</h3>
      {body}
    </section>
  );
}

const getStyles = (theme: GrafanaTheme2) => ({
  section: css({ marginBottom: theme.spacing(3) }),
  service: css({ marginBottom: theme.spacing(2) }),
  muted: css({ color: theme.colors.text.secondary }),
});
