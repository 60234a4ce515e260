import React from 'react';
import { css } from '@emotion/css';
import type { GrafanaTheme2 } from '@grafana/data';
import { useStyles2 } from '@grafana/ui';

import { differsFromBrowser, formatInstant } from '../../../oncall/zone';

/**
 * An instant in the viewer's zone and, where the schedule's zone shows it differently, in that
 * zone too: a hand-off agreed as "09:00 Berlin" must still read as that to someone in New York.
 */
export function ShiftTime({ instant, zone }: { instant: string; zone: string }) {
  const s = useStyles2(getStyles);
  return (
    <time dateTime={instant}>
      {formatInstant(instant)}
      {differsFromBrowser(instant, zone) && (
        <span className={s.zone}>
          {' '}
          ({formatInstant(instant, zone)} {zone})
        </span>
      )}
    </time>
  );
}

const getStyles = (theme: GrafanaTheme2) => ({
  zone: css({
    color: theme.colors.text.secondary,
  }),
});
