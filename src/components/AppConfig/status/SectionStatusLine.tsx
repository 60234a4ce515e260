import React from 'react';
import type { IconName } from '@grafana/data';
import { Icon, Stack, Text } from '@grafana/ui';

import type { Resource } from '../../../api/hooks';
import type { ConfigStatus, SectionStatus } from '../../../api/types';

type State = SectionStatus['state'];

const LOOK: Record<State, { icon: IconName; color: 'success' | 'secondary' | 'error' }> = {
  connected: { icon: 'check-circle', color: 'success' },
  not_configured: { icon: 'minus-circle', color: 'secondary' },
  error: { icon: 'exclamation-triangle', color: 'error' },
};

/** One check in words: "Connected — SQLite", "Not configured", "Error: connection refused". */
export function statusText({ state, message }: Pick<SectionStatus, 'state' | 'message'>): string {
  switch (state) {
    case 'connected':
      return message ? `Connected — ${message}` : 'Connected';
    case 'not_configured':
      return 'Not configured';
    case 'error':
      return `Error: ${message}`;
  }
}

export interface StatusPart {
  key: SectionStatus['key'];
  /** Named in the line when a section reports several checks ("AWS: …"). */
  label?: string;
}

/** The status line of a section's header: each of its checks with an icon, or why there is none. */
export function SectionStatusLine({ status, parts }: { status: Resource<ConfigStatus>; parts: readonly StatusPart[] }) {
  if (status.error) {
    return <Text color="secondary">Status unavailable</Text>;
  }
  if (!status.data) {
    return <Text color="secondary">Checking…</Text>;
  }
  const found = parts.flatMap((p) => {
    const s = status.data?.sections.find((x) => x.key === p.key);
    return s ? [{ ...s, label: p.label }] : [];
  });
  return (
    <Stack gap={2} wrap="wrap">
      {found.map((s) => (
        <Text key={s.key} color={LOOK[s.state].color}>
          <Icon name={LOOK[s.state].icon} /> {s.label ? `${s.label}: ` : ''}
          {statusText(s)}
        </Text>
      ))}
    </Stack>
  );
}

/** Whether any of `parts` failed its check: such a section opens itself. */
export function hasStatusError(status: ConfigStatus | undefined, parts: readonly StatusPart[]): boolean {
  return parts.some((p) => status?.sections.find((s) => s.key === p.key)?.state === 'error');
}
