import React from 'react';
import { css } from '@emotion/css';
import type { GrafanaTheme2 } from '@grafana/data';
import { Alert, Button, LoadingPlaceholder, useStyles2 } from '@grafana/ui';

import type { Resource } from '../../api/hooks';
import { SetupHint } from '../../components/SetupHint';
import type { ServicePreview } from '../../api/types';
import { bandsText } from '../../metrics/format';
import { ServiceGraphs } from '../Incident/metrics/ServiceGraphs';

interface Props {
  /** The preview of the service as last previewed; undefined while it has no way to be queried. */
  preview?: Resource<ServicePreview>;
}

/** The last hour of the service being edited, drawn as on the incident page, with the policy's bands. */
export function ServicePreviewPanel({ preview }: Props) {
  const s = useStyles2(getStyles);
  let body: React.ReactNode;
  if (!preview) {
    body = (
      <p className={s.muted}>
        Pick a label value or type a selector (or both custom queries) to see the service&apos;s last hour here.
      </p>
    );
  } else if (preview.error?.code === 'invalid_request') {
    body = <p className={s.muted}>Nothing to preview until the fields marked above are fixed.</p>;
  } else if (preview.error) {
    body = (
      <Alert severity="warning" title="Preview unavailable">
        {preview.error.message}{' '}
        <Button size="sm" variant="secondary" onClick={preview.reload}>
          Try again
        </Button>
      </Alert>
    );
  } else if (!preview.data) {
    body = <LoadingPlaceholder text="Loading preview…" />;
  } else if (preview.data.reason) {
    // The back end gives a reason only when it has no Prometheus to ask (not configured, or incomplete).
    body = (
      <SetupHint gap="prometheus" title="Preview unavailable">
        {preview.data.reason}.
      </SetupHint>
    );
  } else {
    body = (
      <>
        <p className={s.muted}>{bandsText(preview.data.thresholds)}</p>
        <ServiceGraphs service={preview.data.service} metrics={preview.data} />
      </>
    );
  }
  return (
    <section aria-label="Preview" className={s.section}>
      <h4>Preview: the last hour</h4>
      {body}
    </section>
  );
}

const getStyles = (theme: GrafanaTheme2) => ({
  section: css({ marginTop: theme.spacing(2), marginBottom: theme.spacing(2) }),
  muted: css({ color: theme.colors.text.secondary }),
});
