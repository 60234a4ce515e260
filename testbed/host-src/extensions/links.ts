// Turning registered links into PluginExtensionLink objects for an extension point, as Grafana's
// usePluginLinks / getObservablePluginLinks do (public/app/features/plugins/extensions/
// usePluginLinks.tsx, getPluginExtensions.ts and utils.tsx getLinkExtensionOverrides,
// getLinkExtensionOnClick, getLinkExtensionPathWithTracking, getReadOnlyProxy):
// - the context is handed to configure()/onClick() behind a read-only proxy;
// - configure(context) may override title/description/path/icon/category; returning undefined
//   hides the link; an overriding path must still start with /a/<pluginId>/; a throwing
//   configure() hides the link;
// - the path gets Grafana's tracking query (uel_pid, uel_epid).
import { ElementType, MouseEvent, useEffect, useMemo, useState } from 'react';
import { BehaviorSubject, Observable, combineLatest, from, map } from 'rxjs';

import { PluginExtensionLink, PluginExtensionTypes, dateTime, isDateTime, urlUtil, usePluginContext } from '@grafana/data';
import { UsePluginLinksOptions, UsePluginLinksResult, config } from '@grafana/runtime';

import { getExtensionPointPluginDependencies, preloadPlugins } from '../plugins/importAppPlugin';

import { AddedLinkItem, addedLinks, extensionLog } from './registry';

export const openModal = new BehaviorSubject<{ title: string; body: ElementType } | null>(null);

// Grafana's getReadOnlyProxy (public/app/features/plugins/extensions/utils.tsx): writes, deletes and
// property definitions fail (a TypeError in strict-mode code), nested objects and arrays are proxied
// too (one proxy per object), and a DateTime is handed out as a fresh copy instead, because moment
// mutates itself (a proxied moment's valueOf() throws "this is not a Date object").
function getReadOnlyProxy<T extends object>(obj: T): T {
  if (!obj || typeof obj !== 'object') {
    return obj;
  }
  const cache = new WeakMap<object, object>();
  return new Proxy(obj, {
    get: (target, prop, receiver) => {
      const value = Reflect.get(target, prop, receiver);
      if (isDateTime(value)) {
        return dateTime(value);
      }
      if (value && typeof value === 'object') {
        if (!cache.has(value)) {
          cache.set(value, getReadOnlyProxy(value));
        }
        return cache.get(value);
      }
      return value;
    },
    set: () => false,
    defineProperty: () => false,
    deleteProperty: () => false,
    isExtensible: () => false,
  });
}

function warn(message: string) {
  console.warn(`[Plugin extensions] ${message}`);
  extensionLog.next([...extensionLog.value, message]);
}

function overridesOf(link: AddedLinkItem, context: object) {
  if (!link.configure) {
    return {};
  }
  try {
    const overrides = link.configure(context);
    if (overrides === undefined) {
      return undefined;
    }
    const { title = link.title, description = link.description, path = link.path, icon = link.icon, category = link.category, ...rest } =
      overrides as Partial<AddedLinkItem>;
    if (path && !path.startsWith(`/a/${link.pluginId}/`)) {
      throw new Error(`Invalid link extension. The "path" is required and should start with "/a/${link.pluginId}/" (currently: "${path}").`);
    }
    if (Object.keys(rest).length > 0) {
      warn(`Extension "${link.title}", is trying to override restricted properties: ${Object.keys(rest).join(', ')} which will be ignored.`);
    }
    return { title, description, path, icon, category };
  } catch (error) {
    warn(`Failed to configure link with title "${link.title}": ${error instanceof Error ? error.message : String(error)}`);
    return undefined;
  }
}

export function toLinks(
  items: AddedLinkItem[] | undefined,
  extensionPointId: string,
  context: object | undefined,
  limitPerPlugin?: number
): PluginExtensionLink[] {
  const frozen = getReadOnlyProxy(context ?? {});
  const perPlugin: Record<string, number> = {};
  const links: PluginExtensionLink[] = [];
  for (const link of items ?? []) {
    if (limitPerPlugin && (perPlugin[link.pluginId] ?? 0) >= limitPerPlugin) {
      continue;
    }
    const overrides = overridesOf(link, frozen);
    if (overrides === undefined) {
      continue;
    }
    const path = overrides.path ?? link.path;
    const onClick = link.onClick;
    links.push({
      id: `${link.pluginId}/${extensionPointId}/${link.title}`,
      type: PluginExtensionTypes.link,
      pluginId: link.pluginId,
      title: overrides.title ?? link.title,
      description: overrides.description ?? link.description ?? '',
      icon: overrides.icon ?? link.icon,
      category: overrides.category ?? link.category,
      path: path
        ? urlUtil.appendQueryToUrl(path, urlUtil.toUrlParams({ uel_pid: link.pluginId, uel_epid: extensionPointId }))
        : undefined,
      onClick: onClick
        ? (event?: MouseEvent) =>
            onClick(event, {
              context: frozen,
              extensionPointId,
              openModal: ({ title, body }) => openModal.next({ title, body: body as ElementType }),
              openSidebar: () => warn('openSidebar is not provided by the test bed'),
              closeSidebar: () => undefined,
              toggleSidebar: () => warn('toggleSidebar is not provided by the test bed'),
            })
        : undefined,
    });
    perPlugin[link.pluginId] = (perPlugin[link.pluginId] ?? 0) + 1;
  }
  return links;
}

// The hook the runtime's usePluginLinks() delegates to (setPluginLinksHook in Grafana's app.ts).
export function usePluginLinks({ extensionPointId, context, limitPerPlugin }: UsePluginLinksOptions): UsePluginLinksResult {
  const pluginContext = usePluginContext();
  const [registry, setRegistry] = useState(addedLinks.value);
  const [isLoading, setLoading] = useState(true);
  useEffect(() => {
    const sub = addedLinks.subscribe(setRegistry);
    preloadPlugins(getExtensionPointPluginDependencies(extensionPointId)).then(() => setLoading(false));
    return () => sub.unsubscribe();
  }, [extensionPointId]);

  return useMemo(() => {
    // In development mode a plugin may only read its own extension points, declared in plugin.json.
    if (config.buildInfo.env === 'development' && pluginContext) {
      const pluginId = pluginContext.meta.id;
      const valid = extensionPointId.startsWith('grafana/') || extensionPointId.startsWith(`${pluginId}/`) || extensionPointId.startsWith(`plugins/${pluginId}/`);
      const declared = pluginContext.meta.extensions?.extensionPoints?.some((ep) => ep.id === extensionPointId);
      if (!valid || (!extensionPointId.startsWith('grafana/') && !declared)) {
        return { isLoading: false, links: [] };
      }
    }
    if (isLoading) {
      return { isLoading: true, links: [] };
    }
    return { isLoading: false, links: toLinks(registry[extensionPointId], extensionPointId, context, limitPerPlugin) };
  }, [registry, isLoading, extensionPointId, context, limitPerPlugin, pluginContext]);
}

export function getObservablePluginLinks({ extensionPointId, context, limitPerPlugin }: UsePluginLinksOptions): Observable<PluginExtensionLink[]> {
  const loaded = from(preloadPlugins(getExtensionPointPluginDependencies(extensionPointId)));
  return combineLatest([loaded, addedLinks]).pipe(
    map(([, registry]) => toLinks(registry[extensionPointId], extensionPointId, context, limitPerPlugin))
  );
}
