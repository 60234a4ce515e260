// The host's chrome around every page: a navigation bar (Grafana's mega menu stand-in), toasts for
// the appEvents alerts Grafana shows (AppNotifications: alertSuccess/alertWarning/alertError),
// the modal opened by a link's onClick helpers.openModal, and the extensions log - every refused
// plugin extension - as data-testid="extension-errors".
import { css } from '@emotion/css';
import { ReactNode, useEffect, useState } from 'react';

import { AppEvents, GrafanaTheme2, OrgRole } from '@grafana/data';
import { getAppEvents } from '@grafana/runtime';
import { Alert, Modal, useStyles2 } from '@grafana/ui';
import { Link } from 'react-router-dom-v5-compat';

import { openModal } from '../extensions/links';
import { extensionLog } from '../extensions/registry';
import { contextSrv } from '../services/contextSrv';

type Toast = { id: number; severity: 'success' | 'warning' | 'error'; text: string };
let nextToast = 1;

function useToasts(): [Toast[], (id: number) => void] {
  const [toasts, setToasts] = useState<Toast[]>([]);
  useEffect(() => {
    const bus = getAppEvents() as any;
    const handlers = (['success', 'warning', 'error'] as const).map((severity) => {
      const event = { success: AppEvents.alertSuccess, warning: AppEvents.alertWarning, error: AppEvents.alertError }[severity];
      const handler = (payload: unknown[]) =>
        setToasts((t) => [...t, { id: nextToast++, severity, text: payload.filter((p) => typeof p === 'string' && p).join(': ') }]);
      bus.on(event, handler);
      return () => bus.off(event, handler);
    });
    return () => handlers.forEach((off) => off());
  }, []);
  return [toasts, (id) => setToasts((t) => t.filter((x) => x.id !== id))];
}

function useObservableValue<T>(subject: { value: T; subscribe: (fn: (v: T) => void) => { unsubscribe(): void } }) {
  const [value, setValue] = useState(subject.value);
  useEffect(() => {
    const sub = subject.subscribe(setValue);
    return () => sub.unsubscribe();
  }, [subject]);
  return value;
}

export function Chrome({ children }: { children: ReactNode }) {
  const styles = useStyles2(getStyles);
  const [toasts, dismiss] = useToasts();
  const refusals = useObservableValue(extensionLog);
  const modal = useObservableValue(openModal);
  const user = contextSrv.user;
  const isAdmin = user.orgRole === OrgRole.Admin || contextSrv.isGrafanaAdmin;

  return (
    <div className={styles.layout}>
      <nav aria-label="Grafana navigation" className={styles.nav}>
        <strong>Grafana test bed</strong>
        <Link to="/a/warroom-incident-app/incidents">Warroom</Link>
        <Link to="/d/testbed">Dashboard</Link>
        <Link to="/alerting/list">Alerting</Link>
        {isAdmin && <Link to="/plugins/warroom-incident-app">Plugin settings</Link>}
        <span className={styles.user} data-testid="signed-in-user">
          {/* Grafana's anonymous user is not signed in and has no login (bootData user.isSignedIn false). */}
          {user.isSignedIn ? user.login : 'Anonymous (not signed in)'} ({user.orgRole || 'None'}, org {user.orgId})
        </span>
      </nav>
      <main className={styles.main}>{children}</main>
      <aside aria-label="Extensions log" data-testid="extension-errors" className={styles.log}>
        {refusals.length > 0 && (
          <ul>
            {refusals.map((r, i) => (
              <li key={i}>{r}</li>
            ))}
          </ul>
        )}
      </aside>
      <div className={styles.toasts} data-testid="app-notifications">
        {toasts.map((t) => (
          <Alert key={t.id} severity={t.severity} title={t.text} onRemove={() => dismiss(t.id)} />
        ))}
      </div>
      {modal && (
        <Modal title={modal.title} isOpen onDismiss={() => openModal.next(null)}>
          <modal.body onDismiss={() => openModal.next(null)} />
        </Modal>
      )}
    </div>
  );
}

const getStyles = (theme: GrafanaTheme2) => ({
  layout: css({ minHeight: '100vh', background: theme.colors.background.canvas, color: theme.colors.text.primary }),
  nav: css({
    display: 'flex',
    gap: theme.spacing(3),
    alignItems: 'center',
    padding: theme.spacing(1, 3),
    borderBottom: `1px solid ${theme.colors.border.weak}`,
    background: theme.colors.background.primary,
  }),
  user: css({ marginLeft: 'auto', color: theme.colors.text.secondary }),
  main: css({ paddingBottom: theme.spacing(4) }),
  log: css({ padding: theme.spacing(0, 3), color: theme.colors.warning.text, fontSize: theme.typography.bodySmall.fontSize }),
  toasts: css({ position: 'fixed', top: theme.spacing(7), right: theme.spacing(2), width: 400, zIndex: theme.zIndex.portal }),
});
