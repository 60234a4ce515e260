import React from 'react';
import { Button, Stack, Text } from '@grafana/ui';

import { useMe } from '../../../api/hooks';
import type { Incident } from '../../../api/types';
import { errorText, type IncidentActions, useUpdate } from '../useUpdate';

interface Props {
  incident: Incident;
  editable: boolean;
  actions: IncidentActions;
}

/**
 * "Commander: alice / Assign to me". The commander is recorded as the signed-in user's login, the
 * name the timeline and the response steps show for what they did; Grafana's anonymous user has
 * none, so it cannot take the role.
 */
export function CommanderControl({ incident, editable, actions }: Props) {
  const me = useMe().data;
  const update = useUpdate(incident, actions);
  const roles = incident.details.roles;
  const commander = roles?.commander;
  const canTake = editable && !!me && !me.anonymous && commander !== me.author;

  const assignToMe = () =>
    me && update.send({ roles: { ...roles, responders: roles?.responders ?? [], commander: me.author } });

  return (
    <Stack gap={1} alignItems="center">
      <span>
        Commander: <strong>{commander || 'nobody yet'}</strong>
      </span>
      {canTake && (
        <>
          <span aria-hidden>/</span>
          <Button size="sm" variant="secondary" fill="text" disabled={update.saving} onClick={assignToMe}>
            Assign to me
          </Button>
        </>
      )}
      {update.error && (
        <Text color="error" role="alert">
          Not assigned: {errorText(update.error)}
        </Text>
      )}
    </Stack>
  );
}
