// The added-links and added-components registries with the rules Grafana applies when an app
// plugin registers extensions (public/app/features/plugins/extensions/registry/AddedLinksRegistry.ts,
// AddedComponentsRegistry.ts, validators.ts: isLinkPathValid, isConfigureFnValid,
// isAddedLinkMetaInfoMissing, isAddedComponentMetaInfoMissing; messages from errors.ts).
//
// Grafana checks the plugin.json declaration (extensions.addedLinks[] / addedComponents[] with the
// same title and every target listed) when app_mode is development (config.buildInfo.env), which
// is how create-plugin's docker-compose Grafana runs and what the test bed's boot data says.
// A refused extension is not registered; the reason goes to the extensions log (Grafana's admin
// "Extensions log" page reads it) - here a list rendered as data-testid="extension-errors" - and
// to console.warn, as Grafana's older logWarning() did.
import { BehaviorSubject } from 'rxjs';

import { PluginExtensionAddedComponentConfig, PluginExtensionAddedLinkConfig } from '@grafana/data';
import { config } from '@grafana/runtime';

export type AddedLinkItem = PluginExtensionAddedLinkConfig & { pluginId: string; extensionPointId: string };
export type AddedComponentItem = PluginExtensionAddedComponentConfig & { pluginId: string; extensionPointId: string };
type Registry<T> = Record<string, T[]>;

export const extensionLog = new BehaviorSubject<string[]>([]);
export const addedLinks = new BehaviorSubject<Registry<AddedLinkItem>>({});
export const addedComponents = new BehaviorSubject<Registry<AddedComponentItem>>({});

function refuse(kind: 'link' | 'component', pluginId: string, title: string, reason: string) {
  const message = `Could not register ${kind} extension "${title}" of plugin ${pluginId}. Reason: ${reason}`;
  console.warn(`[Plugin extensions] ${message}`);
  extensionLog.next([...extensionLog.value, message]);
}

const isGrafanaDevMode = () => config.buildInfo.env === 'development';

export function isLinkPathValid(pluginId: string, path: string) {
  return typeof path === 'string' && path.length > 0 && path.startsWith(`/a/${pluginId}/`);
}

// validators.ts isAdded{Link,Component}MetaInfoMissing: the reason a config is not declared in
// the plugin.json served in boot data (config.apps[pluginId].extensions), or undefined.
function metaInfoMissing(
  pluginId: string,
  section: 'addedLinks' | 'addedComponents',
  ext: { title: string; targets: string | string[] }
): string | undefined {
  const app = config.apps[pluginId];
  if (!app) {
    return `The app plugin with plugin id "${pluginId}" was not found.`;
  }
  const declared = (app.extensions?.[section] ?? []).find(({ title }) => title === ext.title);
  const kind = section === 'addedLinks' ? 'Added link' : 'Added component';
  if (!declared) {
    return `The extension was not recorded in the plugin.json. ${kind} extensions must be listed in the section "extensions.${section}[]".`;
  }
  const targets = ([] as string[]).concat(ext.targets);
  if (!targets.every((t) => declared.targets.includes(t))) {
    return 'The "targets" for the registered extension does not match the targets recorded in plugin.json.';
  }
  return undefined;
}

type Placed<T> = T & { pluginId: string; extensionPointId: string };

// One registry entry per target extension point, as Grafana's mapToRegistry does.
function add<T extends { targets: string | string[] }>(registry: Registry<Placed<T>>, pluginId: string, ext: T) {
  for (const extensionPointId of ([] as string[]).concat(ext.targets)) {
    registry[extensionPointId] = [...(registry[extensionPointId] ?? []), { ...ext, pluginId, extensionPointId }];
  }
}

export function registerAddedLinks(pluginId: string, configs: PluginExtensionAddedLinkConfig[]) {
  const next = { ...addedLinks.value };
  for (const link of configs) {
    const { title, path, onClick, configure } = link;
    const reason = !title
      ? 'Title is missing.'
      : configure !== undefined && typeof configure !== 'function'
        ? 'The "configure" function is invalid. It should be a function.'
        : !path && !onClick
          ? 'Either "path" or "onClick" is required.'
          : path && !isLinkPathValid(pluginId, path)
            ? `The "path" is required and should start with "/a/${pluginId}/".`
            : isGrafanaDevMode() && pluginId !== 'grafana'
              ? metaInfoMissing(pluginId, 'addedLinks', link)
              : undefined;
    if (reason) {
      refuse('link', pluginId, title, reason);
      continue;
    }
    add(next, pluginId, link);
  }
  addedLinks.next(next);
}

export function registerAddedComponents(pluginId: string, configs: PluginExtensionAddedComponentConfig[]) {
  const next = { ...addedComponents.value };
  for (const component of configs) {
    const reason = !component.title
      ? 'Title is missing.'
      : typeof component.component !== 'function' && typeof component.component !== 'object'
        ? 'The "component" property needs to be a valid React component.'
        : isGrafanaDevMode() && pluginId !== 'grafana'
          ? metaInfoMissing(pluginId, 'addedComponents', component)
          : undefined;
    if (reason) {
      refuse('component', pluginId, component.title, reason);
      continue;
    }
    add(next, pluginId, component);
  }
  addedComponents.next(next);
}
