import React, { type ReactNode } from 'react';
import { usePluginContext } from '@grafana/data';
import { Alert, LinkButton, Stack } from '@grafana/ui';

import type { AppJsonData } from '../api/client';
import { hasRole, useRole } from '../auth/role';
import { PLUGIN_ID, prefixRoute, ROUTES } from '../constants';

/** A piece of set-up a page needs and lacks. */
export type SetupGap = 'prometheus' | 'catalog';

const FIXES: Record<SetupGap, { href: string; action: string; ask: string }> = {
  prometheus: {
    href: `/plugins/${PLUGIN_ID}`,
    action: 'Configure Prometheus',
    ask: 'Ask a Grafana admin to configure Prometheus on Warroom’s configuration page.',
  },
  catalog: {
    href: prefixRoute(ROUTES.Services),
    action: 'Add services',
    ask: 'Ask a Grafana admin to add the services to Warroom’s service catalog.',
  },
};

interface Props {
  gap: SetupGap;
  title: string;
  /** What is missing and what it costs here, in a sentence or two. */
  children: ReactNode;
  'aria-label'?: string;
}

/**
 * An empty state that leads somewhere: what is missing, then for an Admin a link to the page that
 * fixes it, and for everyone else whom to ask (they could not use the page).
 */
export function SetupHint({ gap, title, children, 'aria-label': ariaLabel }: Props) {
  const fix = FIXES[gap];
  const isAdmin = hasRole(useRole(), 'Admin');
  return (
    <Alert severity="info" title={title} aria-label={ariaLabel}>
      <Stack direction="column" alignItems="flex-start" gap={1}>
        <div>{children}</div>
        {isAdmin ? (
          <LinkButton href={fix.href} size="sm" variant="secondary" icon="cog">
            {fix.action}
          </LinkButton>
        ) : (
          <div>{fix.ask}</div>
        )}
      </Stack>
    </Alert>
  );
}

/**
 * Whether the app's settings, as Grafana loaded them for this page, name a Prometheus and any
 * catalogued service; undefined outside an app page (nothing is claimed missing then).
 */
export function useSetup(): { prometheus: boolean; catalog: boolean } | undefined {
  const context = usePluginContext<AppJsonData>();
  if (!context) {
    return undefined;
  }
  // Grafana sends no jsonData for an app whose settings were never saved.
  const jsonData = context.meta.jsonData ?? {};
  return {
    prometheus: Boolean(jsonData.prometheus?.url || jsonData.prometheus?.datasourceUid),
    catalog: (jsonData.services?.length ?? 0) > 0,
  };
}
