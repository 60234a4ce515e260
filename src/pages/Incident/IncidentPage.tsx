import React, { useState } from 'react';
import { useParams } from 'react-router-dom';
import { css } from '@emotion/css';
import type { GrafanaTheme2 } from '@grafana/data';
import { PluginPage } from '@grafana/runtime';
import { Alert, LoadingPlaceholder, Stack, useStyles2 } from '@grafana/ui';

import type { StaleCode } from '../../api/errors';
import { useEvents, useIncident } from '../../api/hooks';
import { useAnnotationSync } from '../../annotations/useAnnotationSync';
import { useDashboardNotes } from '../../annotations/useDashboardNotes';
import { useCanEdit } from '../../auth/role';
import { shownMark, useIncidentChanges } from '../../live/useIncidentChanges';
import { CommandBar } from './header/CommandBar';
import { DiagnosticsSection } from './diagnostics/DiagnosticsSection';
import { Checklist } from './response/Checklist';
import { ImpactStart } from './header/ImpactStart';
import { IncidentSubtitle } from './header/IncidentSubtitle';
import { MetricsSection } from './metrics/MetricsSection';
import { OnCallSection } from './oncall/OnCallSection';
import { ReopenForm } from './change/ReopenForm';
import { ResponseSteps } from './response/ResponseSteps';
import { RolesSection } from './response/RolesSection';
import { StatusUpdateDrawer } from './timeline/StatusUpdateDrawer';
import { TimelineSection } from './timeline/TimelineSection';
import { BreachedAlert } from './timers/BreachedAlert';
import { TimersSection } from './timers/TimersSection';
import type { IncidentActions } from './useUpdate';

const STALE_MESSAGE: Record<StaleCode, { title: string; text: string }> = {
  conflict: {
    title: 'Someone else changed this incident — reloaded',
    text: 'Check the timeline, then make your change again.',
  },
  incident_resolved: {
    title: 'This incident was resolved — reloaded',
    text: 'A resolved incident is read-only; reopen it to change it.',
  },
};

/** The incident page; keyed by id so moving to another incident starts from a clean state. */
function IncidentPage() {
  const { id = '' } = useParams<{ id: string }>();
  return <IncidentView key={id} id={id} />;
}

function IncidentView({ id }: { id: string }) {
  const s = useStyles2(getStyles);
  const incident = useIncident(id);
  const events = useEvents(id);
  const canEdit = useCanEdit();
  const [stale, setStale] = useState<StaleCode>();
  const [composing, setComposing] = useState(false);
  // Write-through to the dashboard the incident came from, and notes left there (src/annotations).
  const annotationError = useAnnotationSync(incident.data, events.data?.items, canEdit);
  const dashboardNotes = useDashboardNotes(id, events.data);

  const reload = () => {
    incident.reload();
    events.reload();
  };
  const actions: IncidentActions = {
    onChanged: () => {
      setStale(undefined);
      reload();
    },
    onStale: (code) => {
      setStale(code);
      reload();
    },
  };

  const current = incident.data;
  // Other responders' changes (Grafana Live, or polling where Live is unavailable).
  const mark = shownMark(current, events.data);
  useIncidentChanges(id, mark, reload);
  const resolved = current?.status === 'resolved';
  // A resolved incident is read-only for everyone (the contract's `incident_resolved`) until reopened.
  const editable = canEdit && !!current && !resolved;
  return (
    <PluginPage
      pageNav={{ text: current?.title ?? id }}
      subTitle={current ? <IncidentSubtitle incident={current} /> : undefined}
    >
      {incident.error ? (
        <Alert
          severity="error"
          title={incident.error.code === 'not_found' ? `No incident ${id}` : 'Could not load the incident'}
        >
          {incident.error.message}
        </Alert>
      ) : !current ? (
        <LoadingPlaceholder text="Loading incident…" />
      ) : (
        <>
          <CommandBar
            incident={current}
            editable={editable}
            actions={actions}
            lastSeq={mark?.lastSeq}
            onPostUpdate={() => setComposing(true)}
          />
          <ImpactStart incident={current} editable={editable} actions={actions} />
          <BreachedAlert incident={current} lastSeq={mark?.lastSeq} />
          {stale && (
            <Alert severity="warning" title={STALE_MESSAGE[stale].title} onRemove={() => setStale(undefined)}>
              {STALE_MESSAGE[stale].text}
            </Alert>
          )}
          {resolved && (
            <Alert severity="info" title="Resolved — read-only">
              <Stack direction="column" alignItems="flex-start">
                Nothing on a resolved incident changes until it is reopened; its post-mortem stays editable.
                {canEdit && <ReopenForm key={current.version} incident={current} actions={actions} />}
              </Stack>
            </Alert>
          )}
          {current.summary && <p className={s.summary}>{current.summary}</p>}
          <div className={s.columns}>
            <div>
              <MetricsSection incident={current} />
              <DiagnosticsSection incident={current} onTimelineChanged={events.reload} />
              <TimelineSection
                incidentId={current.id}
                events={events}
                notes={dashboardNotes.notes}
                annotationError={annotationError}
                editable={editable}
                onStale={actions.onStale}
              />
            </div>
            <div className={s.side}>
              <TimersSection incident={current} lastSeq={mark?.lastSeq} />
              <OnCallSection incident={current} lastSeq={mark?.lastSeq} />
              <RolesSection incident={current} editable={editable} actions={actions} />
              <ResponseSteps incident={current} editable={editable} actions={actions} />
              <Checklist incident={current} editable={editable} actions={actions} />
            </div>
          </div>
          {composing && editable && (
            <StatusUpdateDrawer
              incident={current}
              onClose={() => setComposing(false)}
              onPosted={events.reload}
              onStale={actions.onStale}
            />
          )}
        </>
      )}
    </PluginPage>
  );
}

export default IncidentPage;

const getStyles = (theme: GrafanaTheme2) => ({
  columns: css({
    display: 'grid',
    gap: theme.spacing(4),
    gridTemplateColumns: 'minmax(0, 2fr) minmax(0, 1fr)',
    [theme.breakpoints.down('lg')]: {
      gridTemplateColumns: 'minmax(0, 1fr)',
    },
  }),
  summary: css({
    whiteSpace: 'pre-wrap',
  }),
  side: css({
    display: 'flex',
    flexDirection: 'column',
    gap: theme.spacing(3),
  }),
});
