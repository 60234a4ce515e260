import React, { useEffect, useMemo, useRef, useState } from 'react';
import { useSearchParams } from 'react-router-dom';
import { css } from '@emotion/css';
import type { GrafanaTheme2 } from '@grafana/data';
import { PluginPage } from '@grafana/runtime';
import { Alert, Button, EmptyState, LinkButton, Pagination, Stack, useStyles2 } from '@grafana/ui';

import { loadDemoData } from '../../api/client';
import { useIncidents } from '../../api/hooks';
import { hasRole, useRole } from '../../auth/role';
import { prefixRoute, ROUTES } from '../../constants';
import { ResourceStatus } from '../../components/ResourceStatus';
import { POLL_MS } from '../../live/useIncidentChanges';
import { IncidentListFilters, isFiltered, type ListControls, statusesFor } from './IncidentListFilters';
import { IncidentsTable } from './IncidentsTable';
import { paramsFromView, viewFromParams } from './listUrl';

export const PAGE_SIZE = 25;
/** The list polls as often as the incident page does without Live: another responder's new incident shows within seconds. */
export const LIST_REFRESH_MS = POLL_MS;

function IncidentsPage() {
  const s = useStyles2(getStyles);
  const role = useRole();
  const canEdit = hasRole(role, 'Editor');
  const [params, setParams] = useSearchParams();
  // Parsed once per URL, so the declared window's start stays put between polls.
  const query = params.toString();
  const { controls, page } = useMemo(() => viewFromParams(new URLSearchParams(query)), [query]);
  // The newest view asked for. The router renders each new URL later (in a transition), so quick
  // changes (a filter, then a sort) build on the last one asked for, not on the URL rendered before
  // both; a URL this page did not ask for (Back, a link) is taken as it is.
  const asked = useRef({ base: query, controls, queries: new Set<string>() });
  useEffect(() => {
    if (query !== asked.current.base && !asked.current.queries.has(query)) {
      asked.current = { base: query, controls, queries: new Set() };
    }
  }, [query, controls]);
  const setView = (patch: Partial<ListControls>, nextPage: number) => {
    const next = { ...asked.current.controls, ...patch };
    const nextParams = paramsFromView({ controls: next, page: nextPage });
    asked.current.controls = next;
    asked.current.queries.add(nextParams.toString());
    setParams(nextParams);
  };
  const incidents = useIncidents(
    {
      status: statusesFor(controls.status),
      severity: controls.severity ? [controls.severity] : undefined,
      service: controls.service || undefined,
      from: controls.from,
      sort: controls.sort,
      order: controls.order,
      limit: PAGE_SIZE,
      offset: (page - 1) * PAGE_SIZE,
    },
    LIST_REFRESH_MS
  );
  const [demoError, setDemoError] = useState<string>();

  const onControlsChange = (patch: Partial<ListControls>) => setView(patch, 1);
  const onLoadDemo = () => loadDemoData().then(incidents.reload, (err: Error) => setDemoError(err.message));

  const declareButton = canEdit ? (
    <LinkButton icon="fire" href={prefixRoute(ROUTES.Declare)}>
      Declare incident
    </LinkButton>
  ) : undefined;

  const data = incidents.data;
  const filtered = isFiltered(controls);

  return (
    <PluginPage actions={declareButton}>
      <div className={s.filters}>
        <IncidentListFilters value={controls} onChange={onControlsChange} />
      </div>
      {incidents.error || !data ? (
        <ResourceStatus resource={incidents} errorTitle="Could not load incidents" loadingText="Loading incidents…" />
      ) : data.items.length === 0 ? (
        <EmptyState
          variant={filtered ? 'not-found' : 'call-to-action'}
          message={
            filtered ? 'No incidents match these filters' : canEdit ? 'No incidents — declare one' : 'No incidents'
          }
          button={
            !filtered && canEdit ? (
              <LinkButton icon="fire" href={prefixRoute(ROUTES.Declare)}>
                Declare incident
              </LinkButton>
            ) : undefined
          }
        >
          {!filtered && hasRole(role, 'Admin') && (
            <Stack direction="column" alignItems="center">
              <Button variant="secondary" fill="text" onClick={onLoadDemo}>
                Load demo incidents
              </Button>
              {demoError && <Alert severity="error" title={demoError} />}
            </Stack>
          )}
        </EmptyState>
      ) : (
        <>
          <IncidentsTable
            incidents={data.items}
            sort={controls}
            onSort={(sort, order) => setView({ sort, order }, 1)}
          />
          <div className={s.footer}>
            <span className={s.total}>{data.total === 1 ? '1 incident' : `${data.total} incidents`}</span>
            <Pagination
              currentPage={page}
              numberOfPages={Math.max(1, Math.ceil(data.total / PAGE_SIZE))}
              onNavigate={(next) => setView({}, next)}
              hideWhenSinglePage
            />
          </div>
        </>
      )}
    </PluginPage>
  );
}

export default IncidentsPage;

const getStyles = (theme: GrafanaTheme2) => ({
  filters: css({
    marginBottom: theme.spacing(2),
  }),
  footer: css({
    display: 'flex',
    justifyContent: 'space-between',
    alignItems: 'center',
    marginTop: theme.spacing(2),
  }),
  total: css({
    color: theme.colors.text.secondary,
  }),
});
