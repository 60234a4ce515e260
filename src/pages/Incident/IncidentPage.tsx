import React, { useState } from 'react';
import { useParams } from 'react-router-dom';
import { css } from '@emotion/css';
import type { GrafanaTheme2 } from '@grafana/data';
import { PluginPage } from '@grafana/runtime';
import { Alert, Box, Button, LoadingPlaceholder, useStyles2 } from '@grafana/ui';

import { useEvents, useIncident } from '../../api/hooks';
import { useCanEdit } from '../../auth/role';
import { ChangeForm } from './ChangeForm';
import { IncidentHeader } from './IncidentHeader';
import { NoteForm } from './NoteForm';
import { Timeline } from './Timeline';

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
  const [conflict, setConflict] = useState(false);

  const reload = () => {
    incident.reload();
    events.reload();
  };
  const onConflict = () => {
    setConflict(true);
    reload();
  };
  const onChanged = () => {
    setConflict(false);
    reload();
  };

  const current = incident.data;

  return (
    <PluginPage pageNav={{ text: id }}>
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
          <IncidentHeader incident={current} />
          {conflict && (
            <Alert
              severity="warning"
              title="Someone else changed this incident — reloaded"
              onRemove={() => setConflict(false)}
            >
              Check the timeline, then make your change again.
            </Alert>
          )}
          <div className={s.columns}>
            <section aria-label="Timeline">
              <h3>Timeline</h3>
              {events.error ? (
                <Alert severity="error" title="Could not load the timeline">
                  {events.error.message}{' '}
                  <Button size="sm" variant="secondary" onClick={events.reload}>
                    Try again
                  </Button>
                </Alert>
              ) : events.data ? (
                <Timeline events={events.data.items} />
              ) : (
                <LoadingPlaceholder text="Loading timeline…" />
              )}
              {canEdit && (
                <Box marginTop={2}>
                  <NoteForm incidentId={current.id} onAdded={events.reload} />
                </Box>
              )}
            </section>
            {canEdit && (
              <section aria-label="Change">
                <h3>Change</h3>
                <ChangeForm key={current.version} incident={current} onChanged={onChanged} onConflict={onConflict} />
              </section>
            )}
          </div>
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
});
