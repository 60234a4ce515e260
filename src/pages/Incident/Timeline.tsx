import React from 'react';
import { css } from '@emotion/css';
import { dateTimeFormat, type GrafanaTheme2 } from '@grafana/data';
import { useStyles2 } from '@grafana/ui';

import type { TimelineEvent } from '../../api/types';
import { describeEvent, eventText, statusUpdateMessage } from './timelineText';

/** The incident's events, oldest first, as the back end numbered them. */
export function Timeline({ events }: { events: TimelineEvent[] }) {
  const s = useStyles2(getStyles);
  if (events.length === 0) {
    return <p className={s.muted}>No events yet.</p>;
  }
  return (
    <ol className={s.list} aria-label="Timeline">
      {events.map((event) => {
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
  list: css({
    listStyle: 'none',
    margin: 0,
    padding: 0,
  }),
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
  muted: css({
    color: theme.colors.text.secondary,
  }),
});
