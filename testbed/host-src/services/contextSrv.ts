// Stand-in for Grafana's app/core/services/context_srv (the signed-in user and org role), built from
// window.grafanaBootData.user as Grafana's ContextSrv is. Role checks follow ContextSrv.hasRole and
// isEditor; RBAC permissions are not modelled (the server stand-in grants by org role only).
import { OrgRole } from '@grafana/data';
import { config } from '@grafana/runtime';

const user = config.bootData.user;

export const contextSrv = {
  user,
  isSignedIn: Boolean(user.isSignedIn),
  isGrafanaAdmin: Boolean(user.isGrafanaAdmin),
  isEditor: user.orgRole === OrgRole.Editor || user.orgRole === OrgRole.Admin,
  hasRole(role: string): boolean {
    if (role === 'ServerAdmin') {
      return Boolean(user.isGrafanaAdmin);
    }
    return user.orgRole === role;
  },
};
