import React, { useEffect, useState } from 'react';
import { Checkbox, Field, Stack } from '@grafana/ui';

import { listNotificationChannels, type NotificationChannel } from '../api/client';

interface Props {
  value: string[];
  onChange: (channels: string[]) => void;
}

/** "Also send to": the org's channels that take status updates; nothing is shown when there are none. */
export function ChannelPicker({ value, onChange }: Props) {
  const [channels, setChannels] = useState<NotificationChannel[]>([]);
  useEffect(() => {
    let live = true;
    // Through a resolved promise, so a client stub answering nothing (other components' tests) reads as "none".
    Promise.resolve()
      .then(() => listNotificationChannels())
      .then((res) => live && setChannels((res?.items ?? []).filter(takesStatusUpdates)))
      // Without the list the update can still be posted to the timeline; sending is an extra.
      .catch(() => live && setChannels([]));
    return () => {
      live = false;
    };
  }, []);
  if (channels.length === 0) {
    return null;
  }
  return (
    <Field label="Also send to" description="Each channel gets it once; delivery shows on the timeline.">
      <Stack gap={2}>
        {channels.map((c) => (
          <Checkbox
            key={c.name}
            label={c.name}
            value={value.includes(c.name)}
            onChange={() => onChange(value.includes(c.name) ? value.filter((n) => n !== c.name) : [...value, c.name])}
          />
        ))}
      </Stack>
    </Field>
  );
}

function takesStatusUpdates(c: NotificationChannel): boolean {
  return !c.events || c.events.length === 0 || c.events.includes('status_update');
}
