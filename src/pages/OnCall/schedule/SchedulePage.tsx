import React, { useMemo, useState } from 'react';
import { useNavigate, useParams } from 'react-router-dom';
import { useQueryClient } from '@tanstack/react-query';
import { css } from '@emotion/css';
import type { GrafanaTheme2 } from '@grafana/data';
import { PluginPage } from '@grafana/runtime';
import { Alert, Button, Card, ConfirmButton, useStyles2 } from '@grafana/ui';

import { deleteSchedule } from '../../../api/client';
import { usePeople, useSchedule } from '../../../api/oncallHooks';
import { queryKeys } from '../../../api/queryKeys';
import type { ScheduleView } from '../../../api/types';
import { useSave } from '../../../api/useSave';
import { useCanEdit } from '../../../auth/role';
import { ResourceStatus } from '../../../components/ResourceStatus';
import { prefixRoute, ROUTES, schedulePath } from '../../../constants';
import { SubscribeButton } from '../feeds/SubscribeButton';
import { ImportPanel } from '../import/ImportPanel';
import { OnNext, OnNow } from '../schedules/NowNext';
import { draftOf } from './draft';
import { personOptions } from './people';
import { ScheduleEditor } from './ScheduleEditor';
import { ScheduleReadOnly } from './ScheduleReadOnly';
import { ShiftPreview } from './ShiftPreview';

type Notice = 'saved' | 'conflict' | 'imported';

/** One schedule (oncall/schedules/:scheduleId) or a new one (oncall/schedules/new). */
function SchedulePage() {
  const s = useStyles2(getStyles);
  const { scheduleId } = useParams();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const canEdit = useCanEdit();
  const view = useSchedule(scheduleId);
  const people = usePeople();
  const options = useMemo(() => personOptions(people.data?.people ?? []), [people.data]);
  const [notice, setNotice] = useState<Notice>();
  const [editorKey, setEditorKey] = useState(0);

  const shown = (saved: ScheduleView, what: Notice) => {
    queryClient.setQueryData(queryKeys.schedule(saved.schedule.id), saved);
    void queryClient.invalidateQueries({ queryKey: queryKeys.schedules });
    setNotice(what);
    if (!scheduleId) {
      navigate(schedulePath(saved.schedule.id), { replace: true });
    }
  };
  const remove = useSave((v: ScheduleView) => deleteSchedule(v.schedule.id, v.version), {
    onSaved: () => {
      void queryClient.invalidateQueries({ queryKey: queryKeys.oncall });
      navigate(prefixRoute(ROUTES.OnCall));
    },
    onStale: () => setNotice('conflict'),
  });

  const data = scheduleId ? view.data : undefined;
  const title = data?.schedule.name ?? (scheduleId ? scheduleId : 'New schedule');
  const backLink = { text: 'On call', url: prefixRoute(ROUTES.OnCall) };

  let body: React.ReactNode;
  if (scheduleId && (view.error || !data)) {
    body = <ResourceStatus resource={view} errorTitle="Could not load the schedule" loadingText="Loading schedule…" />;
  } else if (!canEdit) {
    body = data && <ScheduleReadOnly schedule={data.schedule} />;
  } else {
    body = (
      <ScheduleEditor
        key={`${data?.version ?? 'new'}-${editorKey}`}
        initial={data && draftOf(data.schedule)}
        version={data?.version}
        people={options}
        onSaved={(saved) => shown(saved, 'saved')}
        onConflict={() => setNotice('conflict')}
      />
    );
  }

  return (
    <PluginPage pageNav={{ text: title, parentItem: backLink }}>
      {people.error && canEdit && (
        <Alert severity="warning" title="Could not load the people to pick from">
          {people.error.message} Logins can still be typed.
        </Alert>
      )}
      {notice === 'saved' && (
        <Alert severity="success" title="Schedule saved" onRemove={() => setNotice(undefined)}>
          Its shifts of the next 14 days are below.
        </Alert>
      )}
      {notice === 'imported' && (
        <Alert severity="success" title="Calendar imported as a layer" onRemove={() => setNotice(undefined)} />
      )}
      {notice === 'conflict' && (
        <Alert severity="warning" title="Someone else changed this schedule" onRemove={() => setNotice(undefined)}>
          Your edits were not saved and are still in the form. Reload to get the newer version — your edits are then
          lost, so note what you need first.{' '}
          <Button
            size="sm"
            variant="secondary"
            onClick={() => {
              setNotice(undefined);
              setEditorKey((k) => k + 1);
              view.reload();
            }}
          >
            Reload
          </Button>
        </Alert>
      )}
      {data && (
        <Card className={s.nowNext}>
          <Card.Heading>On call</Card.Heading>
          <Card.Description>
            <span aria-label="On call now">
              Now: <OnNow shift={data.now} zone={data.schedule.timeZone} />
            </span>
            <br />
            <span aria-label="Next on call">
              Next: <OnNext shift={data.next} zone={data.schedule.timeZone} />
            </span>
          </Card.Description>
          {canEdit && (
            <Card.Actions>
              <SubscribeButton scheduleId={data.schedule.id} />
              <ConfirmButton
                confirmText="Delete"
                confirmVariant="destructive"
                onConfirm={() => void remove.send(data)}
                disabled={remove.saving}
              >
                <Button variant="destructive" fill="outline" icon="trash-alt">
                  Delete schedule
                </Button>
              </ConfirmButton>
            </Card.Actions>
          )}
        </Card>
      )}
      {remove.error && (
        <Alert severity="error" title="The schedule was not deleted">
          {remove.error.message}
        </Alert>
      )}
      <div className={s.columns}>
        <div>{body}</div>
        <section aria-label="Preview" className={s.preview}>
          <h3>Shifts of the next 14 days</h3>
          {data ? (
            <ShiftPreview shifts={data.shifts} zone={data.schedule.timeZone} />
          ) : (
            <p>Save the schedule to see its shifts: the back end computes them, with every hand-off and override.</p>
          )}
          {data && canEdit && <p className={s.muted}>As saved; save your edits to update the preview.</p>}
        </section>
      </div>
      {data && canEdit && <ImportPanel view={data} people={options} onImported={(saved) => shown(saved, 'imported')} />}
    </PluginPage>
  );
}

export default SchedulePage;

const getStyles = (theme: GrafanaTheme2) => ({
  nowNext: css({
    marginBottom: theme.spacing(2),
  }),
  columns: css({
    display: 'grid',
    gridTemplateColumns: 'minmax(0, 2fr) minmax(0, 1fr)',
    gap: theme.spacing(3),
    [theme.breakpoints.down('lg')]: {
      gridTemplateColumns: 'minmax(0, 1fr)',
    },
  }),
  preview: css({
    minWidth: 0,
  }),
  muted: css({
    color: theme.colors.text.secondary,
  }),
});
