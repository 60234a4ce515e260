import React, { lazy, Suspense } from 'react';
import { Navigate, Route, Routes } from 'react-router-dom';
import type { AppRootProps } from '@grafana/data';
import { LoadingPlaceholder } from '@grafana/ui';

import type { AppJsonData } from '../../api/client';
import { ServerStateProvider } from '../../api/ServerStateProvider';
import { prefixRoute, ROUTES } from '../../constants';

const IncidentsPage = lazy(() => import('../../pages/Incidents/IncidentsPage'));
const IncidentPage = lazy(() => import('../../pages/Incident/IncidentPage'));
const PostmortemPage = lazy(() => import('../../pages/Postmortem/PostmortemPage'));
const DeclarePage = lazy(() => import('../../pages/Declare/DeclarePage'));
const ServicesPage = lazy(() => import('../../pages/Services/ServicesPage'));
const PolicyPage = lazy(() => import('../../pages/Policy/PolicyPage'));
const AckPage = lazy(() => import('../../pages/Ack/AckPage'));
const OnCallPage = lazy(() => import('../../pages/OnCall/OnCallPage'));
const SchedulePage = lazy(() => import('../../pages/OnCall/schedule/SchedulePage'));
const InsightsPage = lazy(() => import('../../pages/Insights/InsightsPage'));

/** Routes under /a/warroom-incident-app/; anything unknown goes to the incident list. */
function App(_props: AppRootProps<AppJsonData>) {
  return (
    <ServerStateProvider>
      <Suspense fallback={<LoadingPlaceholder text="Loading…" />}>
        <Routes>
          <Route path={ROUTES.Incidents} element={<IncidentsPage />} />
          <Route path={ROUTES.Incident} element={<IncidentPage />} />
          <Route path={ROUTES.Postmortem} element={<PostmortemPage />} />
          <Route path={ROUTES.Declare} element={<DeclarePage />} />
          <Route path={ROUTES.Services} element={<ServicesPage />} />
          <Route path={ROUTES.Policy} element={<PolicyPage />} />
          <Route path={ROUTES.Ack} element={<AckPage />} />
          <Route path={ROUTES.OnCall} element={<OnCallPage />} />
          <Route path={ROUTES.NewSchedule} element={<SchedulePage />} />
          <Route path={ROUTES.Schedule} element={<SchedulePage />} />
          <Route path={ROUTES.Insights} element={<InsightsPage />} />
          <Route path="*" element={<Navigate to={prefixRoute(ROUTES.Incidents)} replace />} />
        </Routes>
      </Suspense>
    </ServerStateProvider>
  );
}

export default App;
