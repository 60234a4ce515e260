// The modules Grafana shares with plugins, under the same ids and in the same shapes as
// public/app/features/plugins/loader/sharedDependencies.ts, each provided from THIS host's
// node_modules so the plugin bundle runs against the React/@grafana/* copies of the Grafana
// version the host stands in for. Entries Grafana backs with its own internals and that this
// stand-in cannot provide are listed at the bottom (a plugin importing one fails to load, loudly).
import * as grafanaData from '@grafana/data';
import * as grafanaRuntime from '@grafana/runtime';
import * as grafanaUIraw from '@grafana/ui';
import { getI18nInstance } from '@grafana/i18n/dist/esm/i18n.mjs';

import { contextSrv } from '../services/contextSrv';

// Webpack marks module namespaces with Symbol.toStringTag 'Module', and SystemJS.set() keeps such
// objects live instead of copying them. esbuild's namespaces lack the tag; add it so later calls
// like setPluginPage() stay visible to plugins, as they are in Grafana.
function asModule<T extends object>(ns: T): T {
  if ((ns as any)[Symbol.toStringTag] !== 'Module') {
    Object.defineProperty(ns, Symbol.toStringTag, { value: 'Module' });
  }
  return ns;
}

// lodash's `move` helper that Grafana adds for old plugins (app/core/utils/arrayMove).
function arrayMove<T>(array: T[], fromIndex: number, toIndex: number): T[] {
  array.splice(toIndex, 0, array.splice(fromIndex, 1)[0]);
  return array;
}

const jQueryFlotDeps = [
  'jquery.flot.crosshair',
  'jquery.flot.events',
  'jquery.flot.fillbelow',
  'jquery.flot.gauge',
  'jquery.flot.pie',
  'jquery.flot.selection',
  'jquery.flot.stack',
  'jquery.flot.stackpercent',
  'jquery.flot.time',
  'jquery.flot',
].reduce<Record<string, object>>((acc, dep) => ({ ...acc, [dep]: { fakeDep: 1 } }), {});

export function sharedDependenciesMap(): Record<string, object | (() => Promise<unknown>)> {
  // "Help the 6.4 to 6.5 migration": the base classes are reachable from @grafana/ui too.
  const grafanaUI: Record<string, unknown> = asModule(grafanaUIraw);
  grafanaUI.PanelPlugin = grafanaData.PanelPlugin;
  grafanaUI.DataSourcePlugin = grafanaData.DataSourcePlugin;
  grafanaUI.AppPlugin = grafanaData.AppPlugin;
  grafanaUI.DataSourceApi = grafanaData.DataSourceApi;

  const appEvents = grafanaRuntime.getAppEvents();
  return {
    '@emotion/css': () => import('@emotion/css'),
    '@emotion/react': () => import('@emotion/react'),
    '@grafana/data': asModule(grafanaData),
    '@grafana/data/unstable': () => import('@grafana/data/unstable'),
    '@grafana/runtime': asModule(grafanaRuntime),
    '@grafana/runtime/unstable': () => import('@grafana/runtime/unstable'),
    '@grafana/slate-react': () => import('slate-react'),
    '@grafana/ui': grafanaUI,
    '@grafana/ui/unstable': () => import('@grafana/ui/unstable'),
    'app/core/app_events': { default: appEvents, __useDefault: true },
    'app/core/config': { default: grafanaRuntime.config, __useDefault: true },
    'app/core/core': { appEvents, contextSrv },
    'app/core/services/backend_srv': { getBackendSrv: grafanaRuntime.getBackendSrv },
    'app/core/utils/datemath': grafanaData.dateMath,
    d3: () => import('d3'),
    emotion: () => import('@emotion/css'),
    // bundling grafana-ui in plugins requires sharing i18next state
    i18next: async () => getI18nInstance(),
    jquery: () => import('jquery').then((m) => ({ default: m.default, __useDefault: true })),
    ...jQueryFlotDeps,
    lodash: () => import('lodash').then((m) => ({ ...m, move: arrayMove, __useDefault: true })),
    moment: () => import('moment').then((m) => ({ ...m, __useDefault: true })),
    prismjs: () => import('prismjs'),
    react: () => import('react'),
    'react/jsx-runtime': () => import('react/jsx-runtime'),
    'react/jsx-dev-runtime': () => import('react/jsx-dev-runtime'),
    'react-dom': () => import('react-dom'),
    'react-dom/client': () => import('react-dom/client'),
    'react-dom/server': () => import('react-dom/server'),
    'react-inlinesvg': () => import('react-inlinesvg'),
    'react-redux': () => import('react-redux'),
    // React Router: plugins on v6 bundle react-router-dom themselves and import "react-router",
    // which Grafana answers with react-router-dom-v5-compat (it re-exports react-router v6 - the
    // same instance the host's own <Router> uses). "react-router-dom" is v5 for older plugins.
    'react-router-dom': () => import('react-router-dom'),
    'react-router': () => import('react-router-dom-v5-compat'),
    redux: () => import('redux'),
    rxjs: () => import('rxjs'),
    'rxjs/operators': () => import('rxjs/operators'),
    slate: () => import('slate'),
    'slate-plain-serializer': () => import('slate-plain-serializer'),
    'slate-react': () => import('slate-react'),
  };
}

// Not provided (Grafana backs them with app/ internals or packages Grafana alone bundles):
// '@kusto/monaco-kusto', 'app/core/table_model', 'app/core/time_series', 'app/core/time_series2',
// 'app/core/utils/flatten', 'app/core/utils/kbn', 'app/core/utils/ticks',
// 'app/features/dashboard/impression_store'.
