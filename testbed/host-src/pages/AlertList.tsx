// /alerting/list: two firing alert rules, the first with one instance, following Grafana's rule list
// and rule details (public/app/features/alerting/unified/...):
//
// Rule actions (`grafana/alerting/alertingrule/action`, plugins/useRulePluginLinkExtensions.ts):
// the context is {name, namespace, group, expression, labels, annotations}, and only links of the
// plugin that owns the rule are shown: the rule's `__grafana_origin` label must be
// `plugin/<pluginId>` (utils/rules.ts getRulePluginOrigin, GRAFANA_ORIGIN_LABEL in utils/labels.ts)
// and that app installed (config.apps). Any other plugin's link at this point never shows. The
// second rule carries `__grafana_origin=plugin/warroom-incident-app`, as rules an app provisions do,
// so a build that registers there can prove the filter both ways. The menu item runs the link's
// onClick only (components/rules/RulePluginExtensionItems.tsx): a path-only link does nothing.
//
// Instance actions (`grafana/alerting/instance/action`, components/rules/AlertInstancesTable.tsx and
// components/extensions/AlertInstanceExtensionPoint.tsx): any plugin's links. The table has its
// plugin-actions column only when the extension point has links for a context-less call (Grafana
// hands configure() `{}`); each instance's menu gets one of the two contexts Grafana has built: the
// flat one of recent versions (buildAlertInstancePluginContext: rule {name, query, labels,
// annotations, uid}, instance {activeAt, annotations, labels, state, value}) on the 13.x host, and the
// whole CombinedRule (with its group, whose rules include the rule: a cycle) and Alert of older
// versions on the 12.x host. Which release switched is not pinned from the sources read; the plugin
// must read both. (Older versions also label the menu button "Actions"; the bed uses the newer
// "Alert instance actions" on both hosts.)
// Choosing a link with a path opens ConfirmNavigationModal (ConfirmationNavigationModal.tsx):
// "Open" pushes the path, "Open in new tab" opens it in a new tab, "Cancel" stays.
import { useMemo, useState } from 'react';

import { PluginExtensionLink, PluginExtensionPoints, locationUtil } from '@grafana/data';
import { config, locationService, usePluginLinks } from '@grafana/runtime';
import { Button, Dropdown, IconButton, Menu, Modal, Stack } from '@grafana/ui';

const GRAFANA_ORIGIN_LABEL = '__grafana_origin';

interface Rule {
  name: string;
  uid: string;
  namespace: string;
  group: string;
  query: string;
  labels: Record<string, string>;
  annotations: Record<string, string>;
}

const ERROR_RATE =
  'sum(rate(http_requests_total{service="checkout",status=~"5.."}[5m])) / sum(rate(http_requests_total{service="checkout"}[5m]))';

const RULES: Rule[] = [
  {
    name: 'CheckoutHighErrorRate',
    uid: 'checkout-high-error-rate',
    namespace: 'checkout',
    group: 'slo',
    query: `${ERROR_RATE} > 0.05`,
    labels: { severity: 'critical', service: 'checkout' },
    annotations: { summary: 'Checkout API error rate above 5%' },
  },
  {
    name: 'CheckoutErrorBudgetBurn',
    uid: 'checkout-error-budget-burn',
    namespace: 'checkout',
    group: 'provisioned-by-app',
    query: `${ERROR_RATE} > 14.4 * 0.001`,
    labels: { service: 'checkout', [GRAFANA_ORIGIN_LABEL]: 'plugin/warroom-incident-app' },
    annotations: { summary: 'Checkout burns its error budget 14.4x too fast' },
  },
];

const INSTANCE = {
  activeAt: new Date(Date.now() - 20 * 60 * 1000).toISOString(),
  labels: { alertname: RULES[0].name, service: 'checkout', severity: 'critical' },
  annotations: RULES[0].annotations,
  state: 'Alerting',
  value: '0.083',
};

/** getRulePluginOrigin: the owning app of a rule, when its label names an installed app. */
function rulePluginOrigin(rule: Rule): string | undefined {
  const match = rule.labels[GRAFANA_ORIGIN_LABEL]?.match(/^plugin\/(?<pluginId>.+)$/);
  const pluginId = match?.groups?.pluginId;
  return pluginId && config.apps[pluginId] ? pluginId : undefined;
}

/** Labels as Grafana lists them: private ones (`__x__`, `__grafana_origin`) hidden. */
const publicLabels = (labels: Record<string, string>) =>
  Object.entries(labels).filter(([k]) => !((k.startsWith('__') && k.endsWith('__')) || k === GRAFANA_ORIGIN_LABEL));

/** Grafana 13 and later build the flat context; Grafana 12 passes its CombinedRule and Alert. */
const flatInstanceContext = () => Number.parseInt(config.buildInfo.version, 10) >= 13;

/** A CombinedRule as the rule list holds it: the group lists its rules, the rule its group. */
function combinedRule(rule: Rule) {
  const promRule = {
    type: 'alerting',
    name: rule.name,
    query: rule.query,
    uid: rule.uid,
    labels: rule.labels,
    annotations: rule.annotations,
    state: 'firing',
    health: 'ok',
    alerts: [INSTANCE],
  };
  const namespace = { name: rule.namespace, rulesSource: 'grafana', groups: [] as unknown[] };
  const group = { name: rule.group, interval: '1m', rules: [] as unknown[], totals: { alerting: 1 } };
  const combined = {
    name: rule.name,
    query: rule.query,
    labels: rule.labels,
    annotations: rule.annotations,
    promRule,
    group,
    namespace,
    instanceTotals: { alerting: 1 },
    filteredInstanceTotals: { alerting: 1 },
    uid: rule.uid,
  };
  group.rules.push(combined);
  namespace.groups.push(group);
  return combined;
}

function instanceContext(rule: Rule) {
  if (!flatInstanceContext()) {
    return { rule: combinedRule(rule), instance: INSTANCE };
  }
  return {
    rule: { name: rule.name, query: rule.query, labels: rule.labels, annotations: rule.annotations, uid: rule.uid },
    instance: {
      activeAt: INSTANCE.activeAt,
      annotations: INSTANCE.annotations,
      labels: INSTANCE.labels,
      state: INSTANCE.state,
      value: INSTANCE.value,
    },
  };
}

/** AlertingRuleExtensionPointMenu: a link with a path is confirmed first, else its onClick runs. */
function ExtensionMenu({ links, onSelect }: { links: PluginExtensionLink[]; onSelect: (l: PluginExtensionLink) => void }) {
  return (
    <Menu>
      {links.map((link) => (
        <Menu.Item
          key={link.id}
          ariaLabel={link.title}
          label={link.title}
          icon={link.icon || 'plug'}
          onClick={(event) => (link.path ? onSelect(link) : link.onClick?.(event))}
        />
      ))}
    </Menu>
  );
}

function ConfirmNavigationModal({ link, onDismiss }: { link: PluginExtensionLink; onDismiss: () => void }) {
  return (
    <Modal title={link.title} isOpen onDismiss={onDismiss}>
      <Stack direction="column" gap={1}>
        <p>Do you want to proceed in the current tab or open a new tab?</p>
      </Stack>
      <Modal.ButtonRow>
        <Button onClick={onDismiss} fill="outline" variant="secondary">
          Cancel
        </Button>
        <Button
          variant="secondary"
          icon="external-link-alt"
          onClick={() => {
            window.open(locationUtil.assureBaseUrl(link.path!), '_blank');
            onDismiss();
          }}
        >
          Open in new tab
        </Button>
        <Button variant="primary" icon="apps" onClick={() => locationService.push(link.path!)}>
          Open
        </Button>
      </Modal.ButtonRow>
    </Modal>
  );
}

/** The rule's "More" menu: Grafana's own items, then the owning plugin's links. */
function RuleActions({ rule }: { rule: Rule }) {
  const context = useMemo(
    () => ({
      name: rule.name,
      namespace: rule.namespace,
      group: rule.group,
      expression: rule.query,
      labels: rule.labels,
      annotations: rule.annotations,
    }),
    [rule]
  );
  const { links } = usePluginLinks({
    extensionPointId: PluginExtensionPoints.AlertingAlertingRuleAction,
    context,
    limitPerPlugin: 3,
  });
  const origin = rulePluginOrigin(rule);
  const owned = origin ? links.filter((link) => link.pluginId === origin) : [];
  const menu = (
    <Menu>
      <Menu.Item label="Copy link" icon="copy" disabled />
      <Menu.Item label="Duplicate" icon="copy" disabled />
      {/* alerting/unified/components/rules/RulePluginExtensionItems.tsx: the item runs the link's
          onClick only; a path-only link does nothing here. */}
      {owned.length > 0 && <Menu.Divider />}
      {owned.map((link) => (
        <Menu.Item key={link.id} label={link.title} icon={link.icon} onClick={link.onClick} />
      ))}
    </Menu>
  );
  return (
    <Dropdown overlay={menu} placement="bottom-start">
      <IconButton name="ellipsis-v" aria-label={`Rule actions: ${rule.name}`} />
    </Dropdown>
  );
}

function InstanceActions({ rule, onSelect }: { rule: Rule; onSelect: (l: PluginExtensionLink) => void }) {
  const context = useMemo(() => instanceContext(rule), [rule]);
  const { links } = usePluginLinks({ extensionPointId: PluginExtensionPoints.AlertInstanceAction, context, limitPerPlugin: 3 });
  if (links.length === 0) {
    return null;
  }
  return (
    <Dropdown overlay={<ExtensionMenu links={links} onSelect={onSelect} />} placement="bottom-start">
      <IconButton name="ellipsis-v" aria-label="Alert instance actions" variant="secondary" />
    </Dropdown>
  );
}

export function AlertList() {
  const [selected, setSelected] = useState<PluginExtensionLink>();
  // AlertInstancesTable: the plugin-actions column only when some plugin has links here at all.
  const { links: anyInstanceLinks } = usePluginLinks({
    extensionPointId: PluginExtensionPoints.AlertInstanceAction,
    limitPerPlugin: 1,
  });

  return (
    <div style={{ padding: '16px 24px' }}>
      <h1>Alert rules</h1>
      <table>
        <tbody>
          {RULES.map((rule) => (
            <tr key={rule.uid} data-testid="alert-rule-row">
              <td>{rule.name}</td>
              <td>{publicLabels(rule.labels).map(([k, v]) => `${k}=${v}`).join(', ')}</td>
              <td>Firing</td>
              <td>
                <RuleActions rule={rule} />
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <h2>Instances of {RULES[0].name}</h2>
      <table>
        <tbody>
          <tr data-testid="alert-instance-row">
            <td>{INSTANCE.state}</td>
            <td>{publicLabels(INSTANCE.labels).map(([k, v]) => `${k}=${v}`).join(', ')}</td>
            {anyInstanceLinks.length > 0 && (
              <td data-testid="instance-plugin-actions">
                <InstanceActions rule={RULES[0]} onSelect={setSelected} />
              </td>
            )}
          </tr>
        </tbody>
      </table>
      {selected?.path && <ConfirmNavigationModal link={selected} onDismiss={() => setSelected(undefined)} />}
    </div>
  );
}
