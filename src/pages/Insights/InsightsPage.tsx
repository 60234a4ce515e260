import React, { useMemo, useState } from 'react';
import { css } from '@emotion/css';
import type { GrafanaTheme2 } from '@grafana/data';
import { PluginPage } from '@grafana/runtime';
import { Alert, Button, LoadingPlaceholder, useStyles2, useTheme2 } from '@grafana/ui';

import { useInsights } from '../../api/hooks';
import type { InsightsReport } from '../../api/types';
import { useCanEdit } from '../../auth/role';
import { formatDuration } from '../../insights/format';
import { countFrames, responseFrames } from '../../insights/frames';
import { useCatalogNames } from '../Declare/useCatalogNames';
import { ExportButtons } from './ExportButtons';
import { GroupsTable } from './GroupsTable';
import { HeadlineStats } from './HeadlineStats';
import { DEFAULT_INSIGHTS, type InsightsControls, InsightsFilters, insightsQueryOf } from './InsightsFilters';
import { SeriesChart } from './SeriesChart';

/** How the organisation responds, measured (issue 20): MTTx, counts and SLA compliance over a range. */
function InsightsPage() {
  const s = useStyles2(getStyles);
  const [controls, setControls] = useState<InsightsControls>(DEFAULT_INSIGHTS);
  // Whole days: the query is the same all day, so coming back to the page reuses its key.
  const query = useMemo(() => insightsQueryOf(controls, new Date()), [controls]);
  const report = useInsights(query);
  const services = useCatalogNames();
  const canEdit = useCanEdit();

  let body: React.ReactNode;
  if (report.error) {
    body = (
      <Alert severity="error" title="Could not load the insights">
        {report.error.message}
        <div>
          <Button size="sm" variant="secondary" onClick={report.reload}>
            Try again
          </Button>
        </div>
      </Alert>
    );
  } else if (!report.data) {
    body = <LoadingPlaceholder text="Loading insights…" />;
  } else if (report.data.total.incidents === 0) {
    body = <p className={s.empty}>No incidents declared in this range.</p>;
  } else {
    body = <Report report={report.data} controls={controls} from={query.from} to={query.to} />;
  }
  return (
    <PluginPage actions={canEdit ? <ExportButtons query={query} /> : undefined}>
      <InsightsFilters
        value={controls}
        services={services}
        onChange={(patch) => setControls((c) => ({ ...c, ...patch }))}
      />
      <div aria-busy={report.loading} className={s.body}>
        {body}
      </div>
    </PluginPage>
  );
}

function Report({
  report,
  controls,
  from,
  to,
}: {
  report: InsightsReport;
  controls: InsightsControls;
  from: string;
  to: string;
}) {
  const s = useStyles2(getStyles);
  const theme = useTheme2();
  const per = controls.bucket;
  const response = useMemo(() => responseFrames(report.series, theme), [report.series, theme]);
  const counts = useMemo(() => countFrames(report.series, theme), [report.series, theme]);
  return (
    <>
      <HeadlineStats total={report.total} />
      <div className={s.charts}>
        <SeriesChart
          title={`MTTA and MTTR (median) per ${per}`}
          frames={response}
          from={from}
          to={to}
          format={formatDuration}
          bucket={per}
        />
        <SeriesChart title={`Incidents per ${per}`} frames={counts} from={from} to={to} format={String} bucket={per} />
      </div>
      <GroupsTable groups={report.groups} total={report.total} groupBy={controls.groupBy} />
    </>
  );
}

export default InsightsPage;

const getStyles = (theme: GrafanaTheme2) => ({
  body: css({ marginTop: theme.spacing(2) }),
  empty: css({ color: theme.colors.text.secondary }),
  charts: css({
    display: 'grid',
    gap: theme.spacing(3),
    gridTemplateColumns: 'repeat(2, minmax(0, 1fr))',
    margin: theme.spacing(2, 0, 3),
    [theme.breakpoints.down('lg')]: { gridTemplateColumns: 'minmax(0, 1fr)' },
  }),
});
