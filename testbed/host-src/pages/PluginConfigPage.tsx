// Stand-in for the Configuration tab of Grafana's plugin details page
// (public/app/features/plugins/admin/pages/PluginDetails.tsx, components/PluginDetailsBody.tsx and
// hooks usePluginConfig/usePluginDetailsTabs): the app is loaded from its settings
// (GET /api/plugins/<id>/settings -> importAppPlugin) and the config page selected by `?page=`
// (default: the first) renders as `<body plugin={plugin} query={query} />`. Grafana only offers the
// config tabs to users allowed to write plugin settings (org Admins).
import { useEffect, useMemo, useState } from 'react';

import { AppPlugin, OrgRole, PluginContextProvider } from '@grafana/data';
import { locationSearchToObject } from '@grafana/runtime';
import { Alert } from '@grafana/ui';
import { Link, useLocation, useParams } from 'react-router-dom-v5-compat';

import { getPluginSettings, importAppPlugin } from '../plugins/importAppPlugin';
import { contextSrv } from '../services/contextSrv';

export function PluginConfigPage() {
  const { pluginId = '' } = useParams();
  const location = useLocation();
  const query = useMemo(() => locationSearchToObject(location.search), [location.search]);
  const [plugin, setPlugin] = useState<AppPlugin | null>(null);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    getPluginSettings(pluginId)
      .then(importAppPlugin)
      .then(setPlugin)
      .catch((e) => {
        console.error(e);
        setError(e?.message ?? e?.statusText ?? String(e));
      });
  }, [pluginId]);

  if (error) {
    return <Alert title="Plugin not found">{error}</Alert>;
  }
  if (!plugin) {
    return <div data-testid="page-loader">Loading…</div>;
  }
  const canConfigure = contextSrv.isGrafanaAdmin || contextSrv.user.orgRole === OrgRole.Admin;
  const pages = canConfigure ? plugin.configPages ?? [] : [];
  const page = pages.find((p) => p.id === query.page) ?? pages[0];

  return (
    <div style={{ padding: '16px 24px' }}>
      <h1>{plugin.meta.name}</h1>
      <p>{plugin.meta.info?.description}</p>
      <nav aria-label="Plugin details tabs" style={{ display: 'flex', gap: 16, marginBottom: 16 }}>
        {pages.map((p) => (
          <Link key={p.id} to={`${location.pathname}?page=${p.id}`} aria-current={p === page ? 'page' : undefined}>
            {p.title}
          </Link>
        ))}
      </nav>
      {page ? (
        <PluginContextProvider meta={plugin.meta}>
          <page.body plugin={plugin} query={query} />
        </PluginContextProvider>
      ) : (
        <Alert severity="info" title="No configuration">
          Only organization administrators can configure this plugin.
        </Alert>
      )}
    </div>
  );
}
