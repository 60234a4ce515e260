import React from 'react';
import { Alert, Button, Stack, TextLink } from '@grafana/ui';

import { incidentsPath } from '../../constants';

interface Props {
  /** The ApiError code of GET /ack, or link_invalid for a link without a token. */
  code: string;
  message?: string;
  onRetry?: () => void;
}

const BACK = (
  <TextLink href={incidentsPath()} inline={false}>
    Open the incident list
  </TextLink>
);

/** Why a link cannot acknowledge anything, and where to go instead. */
export function AckLinkProblem({ code, message, onRetry }: Props) {
  if (code === 'link_expired') {
    return (
      <Alert severity="warning" title="This acknowledge link has expired">
        <Stack direction="column" alignItems="flex-start">
          Links in a page work for a limited time. Open the incident in Warroom to acknowledge it there.
          {BACK}
        </Stack>
      </Alert>
    );
  }
  if (code === 'link_invalid') {
    return (
      <Alert severity="error" title="This acknowledge link is not valid">
        <Stack direction="column" alignItems="flex-start">
          It may be incomplete (copied in part) or its incident no longer exists. Open the incident in Warroom instead.
          {BACK}
        </Stack>
      </Alert>
    );
  }
  // Anything else (Grafana unreachable, a server error) may pass: offer to ask again.
  return (
    <Alert severity="error" title="Could not read the acknowledge link">
      <Stack direction="column" alignItems="flex-start">
        {message}
        {onRetry && (
          <Button size="sm" variant="secondary" onClick={onRetry}>
            Try again
          </Button>
        )}
        {BACK}
      </Stack>
    </Alert>
  );
}
