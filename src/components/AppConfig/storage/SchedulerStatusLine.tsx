import React from 'react';
import { Alert, Button, Stack, Text } from '@grafana/ui';

import { useSchedulerStatus } from '../../../api/hooks';
import type { SchedulerStatus } from '../../../api/types';

/** What the back end's scheduler is doing, in one line ("Scheduler: last tick 4 s ago"). */
export function schedulerLine(s: SchedulerStatus): string {
  switch (s.state) {
    case 'ok':
      return `Scheduler: last tick ${s.ageSeconds} s ago`;
    case 'starting':
      return `Scheduler: started ${s.ageSeconds} s ago, no tick yet`;
    case 'stale':
      return s.lastTick
        ? `Scheduler: last tick ${s.ageSeconds} s ago — stale, escalations are not firing from this back end`
        : `Scheduler: no tick in the ${s.ageSeconds} s since it started — escalations are not firing from this back end`;
    case 'off':
      return 'Scheduler: off in this back-end process (scheduler = off in grafana.ini); escalations fire only where it runs';
  }
}

/** The scheduler heartbeat of the store these settings use (GET /scheduler/status), with a refresh. */
export function SchedulerStatusLine() {
  const { data, error, loading, reload } = useSchedulerStatus();
  let body: React.ReactNode;
  if (error) {
    body = <Text color="secondary">Scheduler: status unavailable ({error.message})</Text>;
  } else if (!data) {
    body = <Text color="secondary">Scheduler: checking…</Text>;
  } else if (data.state === 'stale') {
    body = (
      <Alert severity="error" title="Scheduler is not ticking">
        {schedulerLine(data)}. See the plugin log.
      </Alert>
    );
  } else {
    body = <Text color={data.state === 'ok' ? 'success' : 'secondary'}>{schedulerLine(data)}</Text>;
  }
  return (
    <Stack alignItems="center" gap={1}>
      <div role="status" aria-label="Scheduler status">
        {body}
      </div>
      <Button size="sm" variant="secondary" fill="text" icon="sync" disabled={loading} onClick={reload}>
        Refresh
      </Button>
    </Stack>
  );
}
