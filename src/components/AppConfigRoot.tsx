import React from 'react';

import { ServerStateProvider } from '../api/ServerStateProvider';
import AppConfig, { type AppConfigProps } from './AppConfig/AppConfig';

/** The configuration page as Grafana mounts it: its own React root, so its own server-state cache. */
export default function AppConfigRoot(props: AppConfigProps) {
  return (
    <ServerStateProvider>
      <AppConfig {...props} />
    </ServerStateProvider>
  );
}
