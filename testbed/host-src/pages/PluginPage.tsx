// Stand-in for Grafana's PluginPage (public/app/core/components/Page/PluginPage.tsx), which plugins
// get from @grafana/runtime after Grafana calls setPluginPage(). Grafana renders the app's section
// nav (from plugin.json includes, via PluginPageContext) and a page header - title from `pageNav`
// or the active nav item, subTitle, info, actions - above the children. This renders the same
// pieces without Grafana's chrome styling.
import { css } from '@emotion/css';
import { createContext, useContext } from 'react';

import { AppPluginMeta, GrafanaTheme2 } from '@grafana/data';
import { PluginPageProps } from '@grafana/runtime';
import { useStyles2 } from '@grafana/ui';
import { Link, useLocation } from 'react-router-dom-v5-compat';

import { contextSrv } from '../services/contextSrv';

export const PluginPageContext = createContext<{ meta?: AppPluginMeta }>({});

// Grafana builds the app's nav section server-side from plugin.json includes with addToNav,
// leaving out pages whose role the signed-in user does not have.
function navItems(meta?: AppPluginMeta) {
  const canSee = (role?: string) =>
    !role || contextSrv.user.orgRole === 'Admin' || contextSrv.hasRole(role) || (role === 'Viewer' && contextSrv.isEditor);
  return (meta?.includes ?? [])
    .filter((inc) => inc.addToNav && inc.path && canSee(inc.role))
    .map((inc) => ({ text: inc.name, url: inc.path!.replace('%PLUGIN_ID%', meta!.id) }));
}

export function PluginPage({ pageNav, subTitle, info, actions, children, renderTitle }: PluginPageProps) {
  const { meta } = useContext(PluginPageContext);
  const { pathname } = useLocation();
  const styles = useStyles2(getStyles);
  const items = navItems(meta);
  const active = items.find((i) => pathname === i.url || pathname.startsWith(`${i.url}/`));
  const title = pageNav?.text ?? active?.text ?? meta?.name ?? '';

  return (
    <div className={styles.page}>
      {items.length > 0 && (
        <nav aria-label="Section navigation" className={styles.tabs}>
          {items.map((i) => (
            <Link key={i.url} to={i.url} aria-current={i === active ? 'page' : undefined}>
              {i.text}
            </Link>
          ))}
        </nav>
      )}
      <header className={styles.header}>
        <div>
          {renderTitle ? renderTitle(title) : <h1>{title}</h1>}
          {subTitle && <div className={styles.sub}>{subTitle}</div>}
          {info && (
            <dl className={styles.info}>
              {info.map((i) => (
                <div key={i.label}>
                  <dt>{i.label}</dt>
                  <dd>{i.value}</dd>
                </div>
              ))}
            </dl>
          )}
        </div>
        {actions && <div className={styles.actions}>{actions}</div>}
      </header>
      <div>{children}</div>
    </div>
  );
}

const getStyles = (theme: GrafanaTheme2) => ({
  page: css({ padding: theme.spacing(2, 3) }),
  tabs: css({
    display: 'flex',
    gap: theme.spacing(2),
    marginBottom: theme.spacing(2),
    borderBottom: `1px solid ${theme.colors.border.weak}`,
    a: { padding: theme.spacing(1, 0), color: theme.colors.text.secondary },
    'a[aria-current=page]': { color: theme.colors.text.primary, borderBottom: `2px solid ${theme.colors.primary.main}` },
  }),
  header: css({ display: 'flex', justifyContent: 'space-between', gap: theme.spacing(2), marginBottom: theme.spacing(2) }),
  sub: css({ color: theme.colors.text.secondary }),
  info: css({ display: 'flex', gap: theme.spacing(3), dt: { color: theme.colors.text.secondary } }),
  actions: css({ display: 'flex', gap: theme.spacing(1), alignItems: 'flex-start' }),
});
