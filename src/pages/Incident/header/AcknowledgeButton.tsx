import React from 'react';
import { Button, Stack, Text } from '@grafana/ui';

import type { Incident } from '../../../api/types';
import { errorText, type IncidentActions, useUpdate } from '../useUpdate';

/** The first response step, up front while nobody has taken the incident: marks Acknowledge done. */
export function AcknowledgeButton({ incident, actions }: { incident: Incident; actions: IncidentActions }) {
  const update = useUpdate(incident, actions);
  return (
    <Stack gap={1} alignItems="center">
      {update.error && (
        <Text color="error" role="alert">
          Not acknowledged: {errorText(update.error)}
        </Text>
      )}
      <Button
        icon="check"
        variant="primary"
        disabled={update.saving}
        onClick={() => update.send({ completeSteps: ['acknowledge'] })}
      >
        Acknowledge
      </Button>
    </Stack>
  );
}
