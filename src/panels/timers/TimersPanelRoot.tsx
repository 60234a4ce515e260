import React from 'react';
import type { PanelProps } from '@grafana/data';

import { ServerStateProvider } from '../../api/ServerStateProvider';
import type { TimersPanelOptions } from './options';
import { TimersPanel } from './TimersPanel';

/** Each panel is its own React root, so it has its own server-state cache. */
export default function TimersPanelRoot(props: PanelProps<TimersPanelOptions>) {
  return (
    <ServerStateProvider>
      <TimersPanel {...props} />
    </ServerStateProvider>
  );
}
