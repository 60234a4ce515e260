import React, { useState } from 'react';
import { dateTimeFormat } from '@grafana/data';
import { Button, Stack, Text } from '@grafana/ui';

import { exportInsightActionItems, exportInsightIncidents } from '../../api/client';
import { toApiError } from '../../api/errors';
import type { InsightsQuery } from '../../api/types';
import { downloadText } from '../Postmortem/download';

type Kind = 'incidents' | 'action-items';

const EXPORT: Record<Kind, (q: InsightsQuery) => Promise<string>> = {
  incidents: exportInsightIncidents,
  'action-items': exportInsightActionItems,
};

/** "warroom-incidents-2026-09-08-to-2026-12-06.csv": what and which days, in the browser's zone. */
export function exportFilename(kind: Kind, query: InsightsQuery): string {
  const day = (t: string) => dateTimeFormat(t, { format: 'YYYY-MM-DD', timeZone: 'browser' });
  const lastDay = new Date(Date.parse(query.to) - 1).toISOString();
  return `warroom-${kind}-${day(query.from)}-to-${day(lastDay)}.csv`;
}

/** Editors' downloads of what the page measures: the incidents, and their post-mortems' action items. */
export function ExportButtons({ query }: { query: InsightsQuery }) {
  const [busy, setBusy] = useState<Kind>();
  const [error, setError] = useState<string>();
  const download = async (kind: Kind) => {
    setBusy(kind);
    setError(undefined);
    try {
      downloadText(exportFilename(kind, query), await EXPORT[kind](query), 'text/csv');
    } catch (err) {
      setError(toApiError(err).message);
    } finally {
      setBusy(undefined);
    }
  };
  return (
    <Stack alignItems="center" gap={1}>
      {error && (
        <Text color="error" role="alert">
          Export failed: {error}
        </Text>
      )}
      <Button icon="download-alt" variant="secondary" disabled={!!busy} onClick={() => download('incidents')}>
        {busy === 'incidents' ? 'Exporting…' : 'Export CSV'}
      </Button>
      <Button icon="download-alt" variant="secondary" disabled={!!busy} onClick={() => download('action-items')}>
        {busy === 'action-items' ? 'Exporting…' : 'Export action items'}
      </Button>
    </Stack>
  );
}
