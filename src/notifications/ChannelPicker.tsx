import React from 'react';
import { Checkbox, Field, Stack } from '@grafana/ui';

import { useNotificationChannels } from '../api/hooks';
import type { ChannelView } from '../api/types';

interface Props {
  value: string[];
  onChange: (channels: string[]) => void;
}

/**
 * "Also send to": the org's channels that take status updates. Nothing is shown when there are
 * none, or while they cannot be listed: the update can still be posted to the timeline, and
 * sending is an extra.
 */
export function ChannelPicker({ value, onChange }: Props) {
  const channels = (useNotificationChannels().data?.items ?? []).filter(takesStatusUpdates);
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

function takesStatusUpdates(c: ChannelView): boolean {
  return !c.events || c.events.length === 0 || c.events.includes('status_update');
}
