// A dashboard at /d/warroom-incidents with one annotation query of the app's nested data source,
// run as Grafana's DashboardQueryRunner runs it for a data source with `annotations` support:
// getDataSourceSrv().get(uid) loads the plugin's real module, prepareAnnotation/prepareQuery turn
// the saved annotation into a query, query() goes through /api/ds/query to the plugin's back end
// (its own process), and the frames become markers and regions over the panel's time axis.
// Under the annotations, the panel's series: checkout-api's error rate from the test bed's Prometheus
// (the demo's, scripts/run.sh, has its history). The time range comes from ?from=&to= (epoch ms)
// like Grafana's URL, default the last 6 hours.
import { css } from '@emotion/css';
import { useEffect, useState } from 'react';
import { lastValueFrom } from 'rxjs';

import { AnnotationQuery, CoreApp, DataQuery, GrafanaTheme2, dateTime } from '@grafana/data';
import { getDataSourceSrv } from '@grafana/runtime';
import { Alert, useStyles2 } from '@grafana/ui';

import { AnnotationsLayer } from '../annotations/AnnotationsLayer';
import { AnnotationEvent, annotationsFromFrames } from '../annotations/fromFrames';
import { SeriesLayer } from '../annotations/SeriesLayer';

const DS = { uid: 'warroom-incidents', type: 'warroom-incidents-datasource' };
const SERIES = {
  label: 'checkout-api error rate',
  expr:
    'sum(rate(http_requests_total{service="checkout-api",status="500"}[5m]))' +
    ' / sum(rate(http_requests_total{service="checkout-api"}[5m]))',
};
// The saved annotation of provisioning/dashboards/warroom-demo.json, minus its service filter.
const ANNOTATION: AnnotationQuery<DataQuery> = {
  name: 'Warroom incidents',
  enable: true,
  iconColor: 'red',
  datasource: DS,
  target: { refId: 'Anno', queryType: 'annotations' } as DataQuery,
};

function rangeFromURL() {
  const q = new URLSearchParams(window.location.search);
  const to = Number(q.get('to')) || Date.now();
  const from = Number(q.get('from')) || to - 6 * 3600_000;
  return { from, to };
}

async function runAnnotationQuery(from: number, to: number): Promise<AnnotationEvent[]> {
  const ds = await getDataSourceSrv().get(DS);
  const support = ds.annotations;
  if (!support) {
    throw new Error(`${DS.type} has no annotation support`);
  }
  const anno = support.prepareAnnotation ? support.prepareAnnotation(ANNOTATION) : ANNOTATION;
  const query = support.prepareQuery ? support.prepareQuery(anno) : anno.target;
  if (!query) {
    return [];
  }
  const range = { from: dateTime(from), to: dateTime(to), raw: { from: dateTime(from), to: dateTime(to) } };
  const res = await lastValueFrom(
    ds.query({
      app: CoreApp.Dashboard,
      requestId: 'anno-warroom',
      targets: [{ ...query, datasource: DS }],
      range,
      interval: '1m',
      intervalMs: 60_000,
      maxDataPoints: 500,
      scopedVars: {},
      timezone: 'browser',
      startTime: Date.now(),
      dashboardUID: 'warroom-incidents',
    } as any)
  );
  if (res.errors?.length) {
    throw new Error(res.errors.map((e) => e.message).join('; '));
  }
  return annotationsFromFrames(res.data);
}

export function IncidentsDashboard() {
  const s = useStyles2(getStyles);
  const [{ from, to }] = useState(rangeFromURL);
  const [events, setEvents] = useState<AnnotationEvent[]>();
  const [error, setError] = useState<string>();
  useEffect(() => {
    runAnnotationQuery(from, to).then(setEvents, (e: Error) => setError(e.message));
  }, [from, to]);
  return (
    <div className={s.page}>
      <h1>Incidents on the graph</h1>
      <section className={s.panel} aria-label="Panel: Checkout API error rate with incidents">
        <h2 className={s.title}>Checkout API error rate</h2>
        {error && (
          <Alert severity="error" title="Annotation query failed">
            {error}
          </Alert>
        )}
        <div className={s.plot}>
          <SeriesLayer expr={SERIES.expr} label={SERIES.label} from={from} to={to} />
          {events && <AnnotationsLayer events={events} from={from} to={to} />}
        </div>
        <ul aria-label="Annotations" className={s.list}>
          {(events ?? []).map((e, i) => (
            <li key={i} data-testid="annotation-item">
              {e.title} — {e.tags.join(', ')}
            </li>
          ))}
        </ul>
      </section>
    </div>
  );
}

const getStyles = (theme: GrafanaTheme2) => ({
  page: css({ padding: theme.spacing(2, 3) }),
  panel: css({
    border: `1px solid ${theme.colors.border.weak}`,
    background: theme.colors.background.primary,
    padding: theme.spacing(1),
  }),
  title: css({ fontSize: theme.typography.h5.fontSize, margin: 0 }),
  plot: css({ position: 'relative', minHeight: 120 }),
  list: css({ fontSize: theme.typography.bodySmall.fontSize, color: theme.colors.text.secondary }),
});
