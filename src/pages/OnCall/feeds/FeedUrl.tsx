import React from 'react';
import { Alert, ClipboardButton, Field, Input, Stack } from '@grafana/ui';

import type { FeedCreated } from '../../../api/types';
import { PLUGIN_ID } from '../../../constants';

/** The feed's full URL: Grafana's origin, the plugin's resources, and the path the back end answered. */
export function feedUrl(created: FeedCreated): string {
  return `${window.location.origin}/api/plugins/${PLUGIN_ID}/resources${created.path}`;
}

/** A new feed's URL, shown this once: only its hash is kept, so it cannot be shown again. */
export function FeedUrl({ created, onDismiss }: { created: FeedCreated; onDismiss: () => void }) {
  const url = feedUrl(created);
  return (
    <Alert severity="info" title="Calendar feed created" onRemove={onDismiss}>
      <p>
        Add this URL to your calendar app as a subscription. It is secret: anyone with it can read these shifts, and it
        is shown only now. Revoke the feed if it leaks.
      </p>
      <Stack gap={1}>
        <Field label="Feed URL" noMargin>
          <Input id={`feed-url-${created.feed.id}`} readOnly value={url} width={80} />
        </Field>
        <ClipboardButton icon="copy" variant="secondary" getText={() => url} className="feed-copy">
          Copy URL
        </ClipboardButton>
      </Stack>
    </Alert>
  );
}
