import React from 'react';
import { useQueryClient } from '@tanstack/react-query';
import { css } from '@emotion/css';
import type { GrafanaTheme2 } from '@grafana/data';
import { Alert, Button, Stack, useStyles2 } from '@grafana/ui';

import { revokeFeed } from '../../../api/client';
import { useMe } from '../../../api/hooks';
import { useFeeds } from '../../../api/oncallHooks';
import { queryKeys } from '../../../api/queryKeys';
import { useSave } from '../../../api/useSave';
import { listTable } from '../../../components/listTable';
import { ResourceStatus } from '../../../components/ResourceStatus';
import { formatInstant } from '../../../oncall/zone';
import { FeedUrl } from './FeedUrl';
import { useCreateFeed } from './useCreateFeed';

/** Calendar feeds: "My shifts" for anyone signed in, and the feeds one may revoke (Admins: all of the org's). */
export function FeedsSection() {
  const s = useStyles2(getStyles);
  const me = useMe();
  const signedIn = !!me.data && !me.data.anonymous;
  const feeds = useFeeds(signedIn);
  const create = useCreateFeed();
  const queryClient = useQueryClient();
  const revoke = useSave(revokeFeed, {
    onSaved: () => void queryClient.invalidateQueries({ queryKey: queryKeys.feeds }),
  });

  if (me.data?.anonymous) {
    return <Alert severity="info" title="Sign in to Grafana to subscribe to your shifts" />;
  }
  return (
    <section aria-label="Calendar feeds" className={s.section}>
      <p>
        A feed shows shifts in your calendar app (iCalendar): from 7 days ago to 60 days ahead. &quot;Subscribe&quot; on
        a schedule&apos;s page makes a feed of the whole schedule.
      </p>
      <Stack>
        <Button
          icon="calendar-alt"
          disabled={create.saving || !signedIn}
          onClick={() => void create.send({ subjectKind: 'user', subjectId: '' })}
        >
          My shifts
        </Button>
      </Stack>
      {create.error && (
        <Alert severity="error" title="No feed was created">
          {create.error.message}
        </Alert>
      )}
      {create.created && <FeedUrl created={create.created} onDismiss={create.dismiss} />}
      {revoke.error && (
        <Alert severity="error" title="The feed was not revoked">
          {revoke.error.message}
        </Alert>
      )}
      {feeds.error || !feeds.data ? (
        <ResourceStatus resource={feeds} errorTitle="Could not load the feeds" loadingText="Loading feeds…" />
      ) : feeds.data.feeds.length === 0 ? (
        <p className={s.muted}>No feeds yet.</p>
      ) : (
        <table className={s.table} aria-label="Feeds">
          <thead>
            <tr>
              <th>Shows</th>
              <th>Created</th>
              <th>State</th>
              <th />
            </tr>
          </thead>
          <tbody>
            {feeds.data.feeds.map((f) => (
              <tr key={f.id}>
                <td>{f.subjectKind === 'user' ? `Shifts of ${f.subjectId}` : `Schedule ${f.subjectId}`}</td>
                <td>
                  {formatInstant(f.createdAt)} by {f.createdBy}
                </td>
                <td>{f.revokedAt ? `Revoked ${formatInstant(f.revokedAt)}` : 'Active'}</td>
                <td>
                  {!f.revokedAt && (
                    <Button
                      size="sm"
                      variant="destructive"
                      fill="outline"
                      aria-label={`Revoke feed ${f.id}`}
                      disabled={revoke.saving}
                      onClick={() => void revoke.send(f.id)}
                    >
                      Revoke
                    </Button>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}

const getStyles = (theme: GrafanaTheme2) => ({
  section: css({
    marginTop: theme.spacing(2),
    display: 'flex',
    flexDirection: 'column',
    gap: theme.spacing(2),
  }),
  table: listTable(theme),
  muted: css({
    color: theme.colors.text.secondary,
  }),
});
