import React from 'react';
import { Drawer } from '@grafana/ui';

import type { Incident } from '../../../api/types';
import type { IncidentActions } from '../useUpdate';
import { StatusComposer } from './StatusComposer';

/** The status-update composer, in a drawer the command bar opens, so the page does not grow a form at its end. */
export function StatusUpdateDrawer(props: {
  incident: Incident;
  onClose: () => void;
  onPosted: () => void;
  onStale: IncidentActions['onStale'];
}): React.JSX.Element {
  const { incident, onClose, onPosted, onStale } = props;
  return (
    <Drawer title="Post a status update" onClose={onClose} size="md">
      <StatusComposer incident={incident} onPosted={onPosted} onStale={onStale} />
    </Drawer>
  );
}
