// The template service @grafana/runtime's getTemplateSrv() returns, as Grafana's
// (public/app/features/templating/template_srv.ts) behaves with dashboard scenes:
// - while a dashboard is open (window.__grafanaSceneContext active), replace() interpolates through
//   that dashboard's variables (sceneGraph.interpolate of the scene), and getVariables() lists them
//   (getVariablesCompatibility); when it closes, they are gone: an app page knows no dashboard's
//   variables, only the scoped variables it passes;
// - scoped variables win over the dashboard's (a repeat's value, the query runner's __interval);
//   `__sceneObject` is a scope, not a value;
// - built-ins such as $__rate_interval or $__range are no dashboard variables: the Prometheus data
//   source adds them to scopedVars itself; unknown names stay as written;
// - a format function gets the value and the variable {name, type, multi, includeAll}.
// Syntax and formats: plugins/interpolate.ts.
import { ScopedVars, TypedVariableModel } from '@grafana/data';
import { TemplateSrv } from '@grafana/runtime';

import { VariableInfo, Variables, interpolate } from '../plugins/interpolate';

/** A custom dashboard variable: its options and the current selection. */
export interface DashboardVariable {
  name: string;
  label?: string;
  options: string[];
  current: string[];
  multi: boolean;
  includeAll: boolean;
}

let active: DashboardVariable[] | undefined;

/**
 * Makes `variables` the open dashboard's, as a DashboardScene activating sets
 * window.__grafanaSceneContext; the returned function deactivates them (the scene closing).
 */
export function activateDashboard(variables: DashboardVariable[]): () => void {
  active = variables;
  return () => {
    if (active === variables) {
      active = undefined;
    }
  };
}

function values(): Variables {
  return Object.fromEntries((active ?? []).map((v) => [v.name, v.current]));
}

function infos(): Record<string, VariableInfo> {
  return Object.fromEntries(
    (active ?? []).map((v) => [v.name, { name: v.name, type: 'custom', multi: v.multi, includeAll: v.includeAll }])
  );
}

// The shape getVariablesCompatibility gives a custom variable (a legacy CustomVariableModel).
function toModel(v: DashboardVariable, index: number): TypedVariableModel {
  const text = v.current.join(' + ');
  const value = v.multi ? v.current : v.current[0];
  return {
    id: v.name,
    rootStateKey: null,
    name: v.name,
    label: v.label ?? null,
    type: 'custom',
    query: v.options.join(','),
    current: { text, value, selected: true },
    options: v.options.map((o) => ({ text: o, value: o, selected: v.current.includes(o) })),
    multi: v.multi,
    includeAll: v.includeAll,
    allValue: null,
    hide: 0,
    skipUrlSync: false,
    index,
    state: 'Done',
    error: null,
    description: null,
    global: false,
  } as unknown as TypedVariableModel;
}

const VARIABLE = /\$(\w+)|\[\[(\w+?)(?::\w+)?\]\]|\${(\w+)(?:\.[^:^}]+)?(?::[^}]+)?}/g;

export const templateSrv: TemplateSrv = {
  getVariables: () => (active ?? []).map(toModel),
  replace(target?: string, scopedVars?: ScopedVars, format?: string | Function) {
    if (!target) {
      return target ?? '';
    }
    return interpolate(values(), target, scopedVars, format as Parameters<typeof interpolate>[3], infos());
  },
  containsTemplate(target?: string) {
    if (!target) {
      return false;
    }
    const known = values();
    return [...target.matchAll(VARIABLE)].some((m) => (m[1] ?? m[2] ?? m[3]) in known);
  },
  updateTimeRange() {},
};
