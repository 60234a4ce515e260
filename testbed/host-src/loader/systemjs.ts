// SystemJS exactly as Grafana configures it before loading any plugin:
// - public/app/features/plugins/loader/systemjs.ts: system.js + the AMD extra (plugins are AMD
//   bundles) + the named-register extra (lazily provided shared dependencies);
// - public/app/features/plugins/pluginLoader.ts: the shared-dependency import map and the
//   prototype hooks (shouldFetch by loading strategy, __useDefault unwrapping, fetch/resolve);
// - public/app/features/plugins/loader/systemjsHooks.ts + pluginInfoCache.ts: the resolve hook that
//   appends `?_cache=<version>` to plugin .js/.css files and the fetch hook that re-wraps JS.
import 'systemjs/dist/system.js';
import 'systemjs/dist/extras/amd.js';
import 'systemjs/dist/extras/named-register.js';

import { PluginLoadingStrategy } from '@grafana/data';

import { sharedDependenciesMap } from './sharedDependencies';

type Loader = () => Promise<unknown>;
// The prototype hooks are not part of @types/systemjs.
type SystemJSHooks = {
  resolve(id: string, parentUrl?: string): string;
  fetch(url: string, options?: Record<string, unknown>): Promise<Response>;
  import(id: string, parentUrl?: string): Promise<any>;
  shouldFetch(url: string): boolean;
  onload(err: unknown, id: string): void;
};

// Grafana's constants.ts.
const SHARED_DEPENDENCY_PREFIX = 'package';
const JS_CONTENT_TYPE_REGEX = /^(text|application)\/(x-)?javascript(;|$)/;
const PLUGIN_PATH_REGEX = /\/?public\/plugins\/([^\/]+)\//;
const CACHE_INITIALISED_AT = Date.now();

export const SystemJS = (window as any).System;
const proto: SystemJSHooks = SystemJS.constructor.prototype;

// pluginInfoCache.ts: version and loading strategy per plugin id, registered before import.
const pluginInfo: Record<string, { version: string; loadingStrategy: PluginLoadingStrategy }> = {};

function pluginIdOf(url: string): string | undefined {
  return url.match(PLUGIN_PATH_REGEX)?.[1];
}

function resolvePluginUrlWithCache(url: string): string {
  const id = pluginIdOf(url);
  const bust = (id && pluginInfo[id]?.version) || CACHE_INITIALISED_AT;
  return `${url}?_cache=${bust}`;
}

// utils.ts buildImportMap/addPreload: each shared dependency is registered under `package:<id>`
// and the import map points the bare id at it. Objects are set eagerly; functions are registered
// through the named-register extra and only evaluated when a plugin first imports them.
function addPreload(id: string, preload: Loader | object) {
  if (SystemJS.has(id)) {
    return;
  }
  if (typeof preload === 'function') {
    SystemJS.register(id, [], (_export: (m: unknown) => void) => ({
      execute: async () => _export(await (preload as Loader)()),
    }));
    return;
  }
  SystemJS.set(id, preload);
}

function buildImportMap(map: Record<string, Loader | object>): Record<string, string> {
  const imports: Record<string, string> = {};
  for (const key of Object.keys(map)) {
    const moduleName = `${SHARED_DEPENDENCY_PREFIX}:${key}`;
    addPreload(moduleName, map[key]);
    imports[key] = moduleName;
  }
  return imports;
}

export function initSystemJS() {
  SystemJS.addImportMap({ imports: buildImportMap(sharedDependenciesMap()) });

  // Load by <script> when the server says loadingStrategy "script", else fetch + eval.
  proto.shouldFetch = function (url: string) {
    if (!/^[^#?]+\.(js)([?#].*)?$/.test(url)) {
      return true;
    }
    const id = pluginIdOf(url);
    return Boolean(!id || pluginInfo[id]?.loadingStrategy !== PluginLoadingStrategy.script);
  };

  // Plugins that only have a default export (e.g. AMD `module.exports = ...`).
  const originalImport = proto.import;
  proto.import = function (this: unknown, ...args: [string, string?]) {
    return originalImport.apply(this, args).then((m: any) => (m && m.__useDefault ? m.default : m));
  };

  const originalFetch = proto.fetch;
  proto.fetch = async function (this: unknown, url: string, options?: Record<string, unknown>) {
    const res: Response = await originalFetch.call(this, url, options);
    const contentType = res.headers.get('content-type') || '';
    if (!JS_CONTENT_TYPE_REGEX.test(contentType)) {
      return res;
    }
    return new Response(new Blob([await res.text()], { type: 'text/javascript' }));
  };

  const originalResolve = proto.resolve;
  proto.resolve = function (this: unknown, id: string, parentUrl?: string) {
    try {
      let url: string = originalResolve.call(this, id, parentUrl);
      if (url.startsWith(`${SHARED_DEPENDENCY_PREFIX}:`)) {
        return url;
      }
      url = url.endsWith('!') ? url.slice(0, -1) : url;
      url = /\.(css|js|json|wasm)$/.test(url) ? url : `${url}.js`;
      return url.endsWith('.js') || url.endsWith('.css') ? resolvePluginUrlWithCache(url) : url;
    } catch (err) {
      console.warn(`SystemJS: failed to resolve '${id}'`);
      return id;
    }
  };
}

type ImportInfo = { path: string; pluginId: string; version?: string; loadingStrategy: PluginLoadingStrategy };

// pluginLoader.ts importPluginModule: register version/strategy, resolve the module path against
// appSubUrl (utils.ts resolveModulePath) and import it; a failure is logged and rethrown as
// "Could not load plugin: ...".
export async function importPluginModule({ path, pluginId, version, loadingStrategy }: ImportInfo): Promise<any> {
  if (version && !pluginInfo[pluginId]) {
    pluginInfo[pluginId] = { version: encodeURI(version), loadingStrategy };
  }
  const modulePath = path.startsWith('http') || path.startsWith('/') ? path : `/${path}`;
  return SystemJS.import(modulePath).catch((e: unknown) => {
    const error = new Error('Could not load plugin: ' + e);
    console.error(error);
    throw error;
  });
}
