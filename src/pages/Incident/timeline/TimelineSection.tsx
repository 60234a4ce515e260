import React, { useMemo, useState } from 'react';
import { css } from '@emotion/css';
import type { GrafanaTheme2 } from '@grafana/data';
import { Alert, Box, Button, RadioButtonGroup, Stack, useStyles2 } from '@grafana/ui';

import type { StaleCode } from '../../../api/errors';
import type { Resource } from '../../../api/hooks';
import type { EventList } from '../../../api/types';
import { type DashboardNote, mergeNotes } from '../../../annotations/notes';
import type { AnnotationSyncProblem } from '../../../annotations/useAnnotationSync';
import { ResourceStatus } from '../../../components/ResourceStatus';
import { NoteForm } from './NoteForm';
import { Timeline } from './Timeline';
import { countByFilter, FILTER_LABEL, matchesFilter, type TimelineFilter } from './timelineFilters';

/** How many entries show at first and how many more each "Show more" adds: the page must not grow without bound. */
export const TIMELINE_PAGE = 20;

interface Props {
  incidentId: string;
  events: Resource<EventList>;
  /** Notes left on the source dashboard (useDashboardNotes). */
  notes: DashboardNote[];
  annotationError?: AnnotationSyncProblem;
  /** Editors add notes while the incident is open. */
  editable: boolean;
  onStale: (code: StaleCode) => void;
}

/** The note box above the incident's timeline, newest first, filtered by kind and paged. */
export function TimelineSection({ incidentId, events, notes, annotationError, editable, onStale }: Props) {
  const s = useStyles2(getStyles);
  const [filter, setFilter] = useState<TimelineFilter>('all');
  const [shown, setShown] = useState(TIMELINE_PAGE);
  const items = events.data?.items;
  // Newest first: what happened last is what a responder needs at 3 a.m.
  const entries = useMemo(() => (items ? mergeNotes(items, notes).reverse() : []), [items, notes]);
  const counts = countByFilter(entries);
  const matching = entries.filter((e) => matchesFilter(e, filter));
  const more = Math.min(TIMELINE_PAGE, matching.length - shown);

  const onFilter = (next: TimelineFilter) => {
    setFilter(next);
    setShown(TIMELINE_PAGE);
  };

  return (
    <section aria-label="Timeline">
      <h3>Timeline</h3>
      {annotationError &&
        (annotationError.gone ? (
          <Alert severity="info" title="The source dashboard does not exist">
            {annotationError.message}
          </Alert>
        ) : (
          <Alert severity="warning" title="The dashboard's annotations are behind">
            {annotationError.message}
          </Alert>
        ))}
      {editable && (
        <Box marginBottom={2}>
          <NoteForm incidentId={incidentId} onAdded={events.reload} onStale={onStale} />
        </Box>
      )}
      {events.error || !items ? (
        <ResourceStatus resource={events} errorTitle="Could not load the timeline" loadingText="Loading timeline…" />
      ) : (
        <Stack direction="column" gap={2}>
          <RadioButtonGroup<TimelineFilter>
            aria-label="Show on the timeline"
            size="sm"
            className={s.filters}
            options={(Object.keys(FILTER_LABEL) as TimelineFilter[]).map((f) => ({
              value: f,
              label: `${FILTER_LABEL[f]} (${counts[f]})`,
            }))}
            value={filter}
            onChange={onFilter}
          />
          <Timeline
            entries={matching.slice(0, shown)}
            empty={filter === 'all' ? 'No events yet.' : `No ${FILTER_LABEL[filter].toLowerCase()} yet.`}
          />
          {more > 0 && (
            <div>
              <Button variant="secondary" size="sm" icon="angle-down" onClick={() => setShown(shown + more)}>
                Show {more} more
              </Button>{' '}
              <span className={s.muted}>
                {shown} of {matching.length} shown
              </span>
            </div>
          )}
        </Stack>
      )}
    </section>
  );
}

const getStyles = (theme: GrafanaTheme2) => ({
  // Six options with counts: wrap rather than overflow the column at 1280 px.
  filters: css({ flexWrap: 'wrap', rowGap: theme.spacing(0.5) }),
  muted: css({ color: theme.colors.text.secondary }),
});
