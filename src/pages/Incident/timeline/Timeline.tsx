import React from 'react';
import { css } from '@emotion/css';
import { dateTimeFormat, type GrafanaTheme2 } from '@grafana/data';
import { Badge, useStyles2 } from '@grafana/ui';

import type { TimelineEntry } from '../../../annotations/notes';
import { describeEvent, eventText, statusUpdateMessage } from '../../../incident/timelineText';
import { getListStyles } from '../listStyles';

/** Timeline entries (events and notes left on dashboards) in the order given; TimelineSection orders and pages them. */
export function Timeline({ entries, empty }: { entries: TimelineEntry[]; empty: string }) {
  const s = useStyles2(getStyles);
  if (entries.length === 0) {
    return <p className={s.muted}>{empty}</p>;
  }
  return (
    <ol className={s.list} aria-label="Timeline">
      {entries.map((entry) => {
        if (entry.note) {
          const note = entry.note;
          return (
            <li key={`note-${note.id}`} className={s.item} data-testid="dashboard-note">
              <div>
                <time dateTime={note.at} className={s.muted}>
                  {dateTimeFormat(note.at)}
                </time>{' '}
                <strong>{note.author}</strong> noted on a dashboard <Badge text="from dashboard" color="blue" />
              </div>
              <div className={s.text}>{note.text}</div>
            </li>
          );
        }
        const event = entry.event;
        const text = eventText(event);
        const message = statusUpdateMessage(event);
        return (
          <li key={event.seq} className={s.item}>
            <div>
              <time dateTime={event.at} className={s.muted}>
                {dateTimeFormat(event.at)}
              </time>{' '}
              <strong>{event.author}</strong> {describeEvent(event)}
            </div>
            {text && <div className={s.text}>{text}</div>}
            {message && (
              <div className={s.text}>
                {message.subject && <strong className={s.subject}>{message.subject}</strong>}
                {message.body}
              </div>
            )}
          </li>
        );
      })}
    </ol>
  );
}

const getStyles = (theme: GrafanaTheme2) => ({
  ...getListStyles(theme),
  item: css({
    padding: theme.spacing(1, 0, 1, 2),
    borderLeft: `2px solid ${theme.colors.border.medium}`,
    marginLeft: theme.spacing(0.5),
  }),
  text: css({
    whiteSpace: 'pre-wrap',
    marginTop: theme.spacing(0.5),
    padding: theme.spacing(1),
    background: theme.colors.background.secondary,
    borderRadius: theme.shape.radius.default,
  }),
  subject: css({
    display: 'block',
    marginBottom: theme.spacing(0.5),
  }),
});
