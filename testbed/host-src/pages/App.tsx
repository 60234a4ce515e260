// The host's router, theme and routes. Like Grafana's AppWrapper: a react-router v6 Router driven by
// the runtime's locationService history (Grafana uses the v5 Router + CompatRouter over the same
// history), so plugin navigation via locationService and via react-router stay in step; the
// theme from config.theme2; GlobalStyles; and the portal container dropdowns/modals render into.
import { ReactNode, Suspense, useLayoutEffect, useState } from 'react';

import { ThemeContext } from '@grafana/data';
import { LocationServiceProvider, config, locationService } from '@grafana/runtime';
import { GlobalStyles, PortalContainer } from '@grafana/ui';
import { Navigate, Route, Router, Routes } from 'react-router-dom-v5-compat';

import { AlertList } from './AlertList';
import { AppRootPage } from './AppRootPage';
import { Chrome } from './Chrome';
import { Dashboard } from './Dashboard';
import { IncidentsDashboard } from './IncidentsDashboard';
import { PluginConfigPage } from './PluginConfigPage';
import { TimersDashboard } from './TimersDashboard';

function HistoryRouter({ children }: { children: ReactNode }) {
  const history = locationService.getHistory();
  const [state, setState] = useState({ action: history.action, location: history.location });
  useLayoutEffect(() => history.listen((location, action) => setState({ location, action })), [history]);
  return (
    <Router location={state.location} navigationType={state.action as any} navigator={history as any}>
      {children}
    </Router>
  );
}

export function App() {
  return (
    <ThemeContext.Provider value={config.theme2}>
      <GlobalStyles />
      <LocationServiceProvider service={locationService}>
        <HistoryRouter>
          <Chrome>
            {/* Grafana renders each route inside a Suspense boundary (GrafanaRoute). */}
            <Suspense fallback={<div data-testid="page-loader">Loading…</div>}>
              <Routes>
                <Route path="/a/:pluginId/*" element={<AppRootPage />} />
                <Route path="/plugins/:pluginId" element={<PluginConfigPage />} />
                <Route path="/d/testbed/*" element={<Dashboard />} />
                <Route path="/d/warroom-incidents/*" element={<IncidentsDashboard />} />
                <Route path="/d/warroom-timers/*" element={<TimersDashboard />} />
                <Route path="/alerting/list" element={<AlertList />} />
                <Route path="*" element={<Navigate to="/a/warroom-incident-app/incidents" replace />} />
              </Routes>
            </Suspense>
          </Chrome>
        </HistoryRouter>
      </LocationServiceProvider>
      <PortalContainer />
    </ThemeContext.Provider>
  );
}
