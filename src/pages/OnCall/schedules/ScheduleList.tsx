import React from 'react';
import { Link } from 'react-router-dom';
import { css } from '@emotion/css';
import type { GrafanaTheme2 } from '@grafana/data';
import { EmptyState, LinkButton, Stack, useStyles2 } from '@grafana/ui';

import { useSchedules } from '../../../api/oncallHooks';
import { useCanEdit } from '../../../auth/role';
import { listTable } from '../../../components/listTable';
import { ResourceStatus } from '../../../components/ResourceStatus';
import { prefixRoute, ROUTES, schedulePath } from '../../../constants';
import { OnNext, OnNow } from './NowNext';

/** Every schedule with its zone, who is on call now and who is next. */
export function ScheduleList() {
  const s = useStyles2(getStyles);
  const schedules = useSchedules();
  const canEdit = useCanEdit();
  const newButton = canEdit && (
    <LinkButton icon="plus" href={prefixRoute(ROUTES.NewSchedule)}>
      New schedule
    </LinkButton>
  );

  if (schedules.error || !schedules.data) {
    return (
      <ResourceStatus resource={schedules} errorTitle="Could not load the schedules" loadingText="Loading schedules…" />
    );
  }
  const list = schedules.data.schedules;
  if (list.length === 0) {
    return (
      <EmptyState variant="call-to-action" message="No on-call schedules yet" button={newButton || undefined}>
        <p>
          A schedule says who is on call at any time: rotations hand off every few hours, days or weeks, and overrides
          cover for someone. Escalation tiers of the severity policy page whoever a schedule has on call.
        </p>
        {!canEdit && <p>An Editor of this organization creates them.</p>}
      </EmptyState>
    );
  }
  return (
    <>
      {newButton && <Stack justifyContent="flex-end">{newButton}</Stack>}
      <table className={s.table} aria-label="Schedules">
        <thead>
          <tr>
            <th>Schedule</th>
            <th>Time zone</th>
            <th>On call now</th>
            <th>Next</th>
          </tr>
        </thead>
        <tbody>
          {list.map((sch) => (
            <tr key={sch.id}>
              <th scope="row">
                <Link to={schedulePath(sch.id)}>{sch.name}</Link>
              </th>
              <td>{sch.timeZone}</td>
              <td>
                <OnNow shift={sch.now} zone={sch.timeZone} />
              </td>
              <td>
                <OnNext shift={sch.next} zone={sch.timeZone} />
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </>
  );
}

const getStyles = (theme: GrafanaTheme2) => ({
  table: css(listTable(theme, 'top'), { marginTop: theme.spacing(2) }),
});
