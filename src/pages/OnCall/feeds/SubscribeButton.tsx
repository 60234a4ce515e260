import React from 'react';
import { Alert, Button } from '@grafana/ui';

import { FeedUrl } from './FeedUrl';
import { useCreateFeed } from './useCreateFeed';

/** "Subscribe": a calendar feed of the whole schedule (Editors). */
export function SubscribeButton({ scheduleId }: { scheduleId: string }) {
  const feed = useCreateFeed();
  return (
    <>
      <Button
        variant="secondary"
        icon="calendar-alt"
        disabled={feed.saving}
        onClick={() => void feed.send({ subjectKind: 'schedule', subjectId: scheduleId })}
      >
        Subscribe
      </Button>
      {feed.error && (
        <Alert severity="error" title="No feed was created">
          {feed.error.message}
        </Alert>
      )}
      {feed.created && <FeedUrl created={feed.created} onDismiss={feed.dismiss} />}
    </>
  );
}
