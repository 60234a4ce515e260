// /alerting/list: one firing alert rule with one instance. Its action menus carry the links
// registered at `grafana/alerting/alertingrule/action` and `grafana/alerting/instance/action`, with
// the flat context Grafana builds (public/app/features/alerting/unified/components/extensions/
// AlertInstanceExtensionPoint.tsx buildAlertInstancePluginContext: {rule?, instance}); a menu is
// only shown when some plugin registers there, as in Grafana.
import { useMemo } from 'react';

import { PluginExtensionLink, PluginExtensionPoints } from '@grafana/data';
import { usePluginLinks } from '@grafana/runtime';
import { Dropdown, IconButton, Menu } from '@grafana/ui';

const RULE = {
  name: 'CheckoutHighErrorRate',
  uid: 'checkout-high-error-rate',
  query: 'sum(rate(http_requests_total{service="checkout",status=~"5.."}[5m])) / sum(rate(http_requests_total{service="checkout"}[5m])) > 0.05',
  labels: { severity: 'critical', service: 'checkout' },
  annotations: { summary: 'Checkout API error rate above 5%' },
};
const INSTANCE = {
  activeAt: new Date(Date.now() - 20 * 60 * 1000).toISOString(),
  labels: { alertname: RULE.name, service: 'checkout', severity: 'critical' },
  annotations: RULE.annotations,
  state: 'Alerting',
  value: '0.083',
};

function ActionMenu({ label, links }: { label: string; links: PluginExtensionLink[] }) {
  if (links.length === 0) {
    return null;
  }
  const menu = (
    <Menu>
      {links.map((link) => (
        <Menu.Item key={link.id} label={link.title} icon={link.icon} url={link.path} onClick={link.onClick} />
      ))}
    </Menu>
  );
  return (
    <Dropdown overlay={menu} placement="bottom-start">
      <IconButton name="ellipsis-v" aria-label={label} />
    </Dropdown>
  );
}

export function AlertList() {
  const ruleContext = useMemo(() => ({ rule: RULE }), []);
  const instanceContext = useMemo(() => ({ rule: RULE, instance: INSTANCE }), []);
  const ruleLinks = usePluginLinks({ extensionPointId: PluginExtensionPoints.AlertingAlertingRuleAction, context: ruleContext, limitPerPlugin: 3 });
  const instanceLinks = usePluginLinks({ extensionPointId: PluginExtensionPoints.AlertInstanceAction, context: instanceContext, limitPerPlugin: 3 });

  return (
    <div style={{ padding: '16px 24px' }}>
      <h1>Alert rules</h1>
      <table>
        <tbody>
          <tr data-testid="alert-rule-row">
            <td>{RULE.name}</td>
            <td>Firing</td>
            <td>
              <ActionMenu label="Rule actions" links={ruleLinks.links} />
            </td>
          </tr>
          <tr data-testid="alert-instance-row">
            <td>{Object.entries(INSTANCE.labels).map(([k, v]) => `${k}=${v}`).join(', ')}</td>
            <td>{INSTANCE.state}</td>
            <td>
              <ActionMenu label="Alert instance actions" links={instanceLinks.links} />
            </td>
          </tr>
        </tbody>
      </table>
    </div>
  );
}
