import React from 'react';
import { css } from '@emotion/css';
import type { GrafanaTheme2 } from '@grafana/data';
import { useStyles2 } from '@grafana/ui';

import type { OnCallSchedule } from '../../../api/types';
import { ShiftTime } from '../schedules/ShiftTime';

/** The schedule as text, for Viewers: its layers (highest priority first) and overrides. */
export function ScheduleReadOnly({ schedule }: { schedule: OnCallSchedule }) {
  const s = useStyles2(getStyles);
  const zone = schedule.timeZone;
  return (
    <section aria-label="Schedule">
      <p>
        Id <code>{schedule.id}</code>, time zone {zone}. Only Editors change schedules.
      </p>
      <h4>Layers, highest priority first</h4>
      <ol className={s.list} aria-label="Layers">
        {schedule.layers
          .map((l, i) => (
            <li key={i}>
              <strong>{l.name || `Layer ${i + 1}`}</strong>:{' '}
              {l.rotation
                ? `${l.rotation.participants.join(', ')} hand off every ${l.rotation.every} ${l.rotation.unit}, from ${l.rotation.start.replace('T', ' ')}${l.rotation.end ? ` until ${l.rotation.end.replace('T', ' ')}` : ''}`
                : `${l.shifts?.length ?? 0} imported shifts`}
            </li>
          ))
          .reverse()}
      </ol>
      <h4>Overrides</h4>
      {schedule.overrides.length === 0 ? (
        <p className={s.muted}>No overrides.</p>
      ) : (
        <ul className={s.list} aria-label="Overrides">
          {schedule.overrides.map((o) => (
            <li key={o.id}>
              <strong>{o.user}</strong> from <ShiftTime instant={o.start} zone={zone} /> until{' '}
              <ShiftTime instant={o.end} zone={zone} />
              {o.reason && <span className={s.muted}> — {o.reason}</span>}
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}

const getStyles = (theme: GrafanaTheme2) => ({
  list: css({
    paddingLeft: theme.spacing(2.5),
    li: { marginBottom: theme.spacing(0.5) },
  }),
  muted: css({
    color: theme.colors.text.secondary,
  }),
});
