import React from 'react';
import { Drawer } from '@grafana/ui';

import type { Incident } from '../../../api/types';
import type { IncidentActions } from '../useUpdate';
import { StatusComposer } from './StatusComposer';

interface Props {
  incident: Incident;
  onClose: () => void;
  /** The update is on the timeline: reload it. Called before onClose. */
  onPosted: () => void;
  onStale: IncidentActions['onStale'];
}

/** The status composer in a drawer, so writing an update does not push the page down; closes once posted. */
export function StatusUpdateDrawer({ incident, onClose, onPosted, onStale }: Props) {
  return (
    <Drawer title="Post a status update" onClose={onClose} size="md">
      <StatusComposer
        incident={incident}
        onPosted={() => {
          onPosted();
          onClose();
        }}
        onStale={onStale}
      />
    </Drawer>
  );
}
