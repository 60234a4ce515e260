import React from 'react';
import { Alert, Button, LoadingPlaceholder } from '@grafana/ui';

import type { ApiError } from '../api/errors';

interface Props {
  /** What a page reads of a load (see src/api/hooks.ts Resource). */
  resource: { error?: ApiError; reload: () => void };
  errorTitle: string;
  loadingText: string;
  /** 'warning' where the rest of the page works without it (metrics, timers). */
  severity?: 'error' | 'warning';
}

/**
 * What a section shows until its data is there: the load's error with "Try again", or a loading
 * placeholder. Render it while `resource.error` is set or there is no data yet.
 */
export function ResourceStatus({ resource, errorTitle, loadingText, severity = 'error' }: Props) {
  if (!resource.error) {
    return <LoadingPlaceholder text={loadingText} />;
  }
  return (
    <Alert severity={severity} title={errorTitle}>
      {resource.error.message}{' '}
      <Button size="sm" variant="secondary" onClick={resource.reload}>
        Try again
      </Button>
    </Alert>
  );
}
