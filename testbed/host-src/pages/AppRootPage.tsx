// Stand-in for Grafana's AppRootPage (public/app/features/plugins/components/AppRootPage.tsx),
// mounted at /a/:pluginId/* like Grafana's route:
// - loads the plugin settings, refuses a non-app or disabled app (getAppPluginPageError), imports
//   the app (importAppPlugin) and renders `plugin.root` with meta, basename, onNavChanged, query
//   and path inside PluginContextProvider and an error boundary;
// - honours plugin.json `includes[].role` for the exact page path: Admins see everything, an Editor
//   may open Viewer pages, otherwise the user needs that role - else Grafana's "Access denied".
import { Component, ErrorInfo, ReactNode, useEffect, useMemo, useState } from 'react';

import { AppEvents, AppPlugin, AppPluginMeta, OrgRole, PluginContextProvider, PluginType } from '@grafana/data';
import { getAppEvents, locationSearchToObject } from '@grafana/runtime';
import { Alert } from '@grafana/ui';
import { useLocation, useParams } from 'react-router-dom-v5-compat';

import { getPluginSettings, importAppPlugin } from '../plugins/importAppPlugin';
import { contextSrv } from '../services/contextSrv';

import { PluginPageContext } from './PluginPage';

export function getAppPluginPageError(meta: AppPluginMeta) {
  if (!meta) {
    return 'Unknown Plugin';
  }
  if (meta.type !== PluginType.app) {
    return 'Plugin must be an app';
  }
  if (!meta.enabled) {
    return 'Application Not Enabled';
  }
  return null;
}

export function userHasPermissionsToPluginPage(meta: AppPluginMeta, pathname: string) {
  const include = meta.includes?.find((inc) => inc.path === pathname);
  if (!include) {
    return true;
  }
  // `action` (RBAC) is not modelled by the test bed: the include's role decides.
  if (contextSrv.isGrafanaAdmin || contextSrv.user.orgRole === OrgRole.Admin) {
    return true;
  }
  const pathRole = include.role || '';
  if (!pathRole || (contextSrv.isEditor && pathRole === OrgRole.Viewer)) {
    return true;
  }
  return contextSrv.hasRole(pathRole);
}

class PluginErrorBoundary extends Component<{ children: ReactNode }, { error?: Error }> {
  state: { error?: Error } = {};
  static getDerivedStateFromError(error: Error) {
    return { error };
  }
  componentDidCatch(error: Error, info: ErrorInfo) {
    console.error('Plugin failed to load', error, info.componentStack);
  }
  render() {
    if (this.state.error) {
      return (
        <Alert severity="error" title="Plugin failed to load">
          {this.state.error.message}
        </Alert>
      );
    }
    return this.props.children;
  }
}

export function AppRootPage() {
  const { pluginId = '' } = useParams();
  const location = useLocation();
  const [plugin, setPlugin] = useState<AppPlugin | null>(null);
  const [error, setError] = useState<string | null>(null);
  const query = useMemo(() => locationSearchToObject(location.search), [location.search]);

  useEffect(() => {
    let live = true;
    getPluginSettings(pluginId)
      .then((meta) => {
        const pageError = getAppPluginPageError(meta);
        if (pageError) {
          getAppEvents().publish({ type: AppEvents.alertError.name, payload: [pageError] });
          throw new Error(pageError);
        }
        return importAppPlugin(meta);
      })
      .then((p) => live && setPlugin(p))
      .catch((e) => {
        console.error(e);
        live && setError(e?.message ?? e?.statusText ?? String(e));
      });
    return () => {
      live = false;
    };
  }, [pluginId]);

  if (error) {
    return <Alert severity="error" title="App not found">{error}</Alert>;
  }
  if (!plugin || plugin.meta.id !== pluginId) {
    return <div data-testid="page-loader">Loading…</div>;
  }
  if (!plugin.root) {
    return <div>No root app page component found</div>;
  }
  if (!userHasPermissionsToPluginPage(plugin.meta, location.pathname)) {
    return (
      <Alert severity="warning" title="Access denied">
        You do not have permission to see this page.
      </Alert>
    );
  }
  const Root = plugin.root;
  return (
    <PluginPageContext.Provider value={{ meta: plugin.meta }}>
      <PluginContextProvider meta={plugin.meta}>
        <PluginErrorBoundary>
          <Root meta={plugin.meta} basename={location.pathname} onNavChanged={() => {}} query={query} path={location.pathname} />
        </PluginErrorBoundary>
      </PluginContextProvider>
    </PluginPageContext.Provider>
  );
}
