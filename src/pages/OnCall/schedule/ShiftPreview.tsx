import React from 'react';
import { css } from '@emotion/css';
import type { GrafanaTheme2 } from '@grafana/data';
import { Badge, type BadgeColor, useStyles2 } from '@grafana/ui';

import type { Shift } from '../../../api/types';
import { formatDay, wallOf } from '../../../oncall/zone';
import { ShiftTime } from '../schedules/ShiftTime';

const SOURCE_COLOR: Record<string, BadgeColor> = { rotation: 'blue', override: 'orange', imported: 'purple' };

/** The final shifts, by the day (in the schedule's zone) each starts on. */
export function ShiftPreview({ shifts, zone }: { shifts: Shift[]; zone: string }) {
  const s = useStyles2(getStyles);
  if (shifts.length === 0) {
    return <p className={s.muted}>Nobody is on call in these 14 days.</p>;
  }
  const days = new Map<string, Shift[]>();
  for (const sh of shifts) {
    const day = wallOf(sh.start, zone).slice(0, 10);
    days.set(day, [...(days.get(day) ?? []), sh]);
  }
  return (
    <div aria-label="Shifts of the next 14 days" role="region">
      {[...days.values()].map((list) => (
        <section key={list[0].start} className={s.day}>
          <h5 className={s.heading}>{formatDay(list[0].start, zone)}</h5>
          <ul className={s.list}>
            {list.map((sh) => (
              <li key={`${sh.start}-${sh.user}`} className={s.shift}>
                <strong className={s.user}>{sh.user}</strong>
                <span>
                  <ShiftTime instant={sh.start} zone={zone} /> – <ShiftTime instant={sh.end} zone={zone} />
                </span>
                <Badge text={sh.source ?? 'rotation'} color={SOURCE_COLOR[sh.source ?? ''] ?? 'blue'} />
              </li>
            ))}
          </ul>
        </section>
      ))}
    </div>
  );
}

const getStyles = (theme: GrafanaTheme2) => ({
  day: css({
    marginBottom: theme.spacing(1),
  }),
  heading: css({
    margin: theme.spacing(1, 0, 0.5),
  }),
  list: css({
    listStyle: 'none',
    margin: 0,
    padding: 0,
  }),
  shift: css({
    display: 'grid',
    gridTemplateColumns: `${theme.spacing(16)} 1fr auto`,
    gap: theme.spacing(1),
    alignItems: 'center',
    padding: theme.spacing(0.5, 0),
    borderBottom: `1px solid ${theme.colors.border.weak}`,
  }),
  user: css({
    overflowWrap: 'anywhere',
  }),
  muted: css({
    color: theme.colors.text.secondary,
  }),
});
