// Dashboard variable interpolation as Grafana's TemplateSrv.replace does it for the syntaxes a panel
// option uses (public/app/features/templating/template_srv.ts, variableRegex in utils.ts):
// `$name`, `${name}`, `${name:format}` and `[[name]]`. Formats (@grafana/data VariableFormatID,
// app/features/templating/formatRegistry.ts): a multi-value variable without a format is `glob`
// ({a,b}; one value stays bare); csv, pipe, json, raw, text, singlequote, doublequote and a format
// function are supported; a name that is not a variable stays as written. A format function gets the
// value (an array for a multi-value variable) and the variable `{name, type, multi, includeAll}`, as
// scenes' sceneGraph.interpolate calls it (the Prometheus data source's interpolateQueryExpr reads
// multi/includeAll to choose its escaping).
import { ScopedVars } from '@grafana/data';

export type Variables = Record<string, string[]>;
/** What a format function learns about the variable whose value it formats. */
export interface VariableInfo {
  name: string;
  type: string;
  multi: boolean;
  includeAll: boolean;
}
type Format = string | ((value: string | string[], variable: VariableInfo) => string) | undefined;

const VARIABLE = /\$(\w+)|\[\[(\w+?)(?::(\w+))?\]\]|\${(\w+)(?:\.([^:^}]+))?(?::([^}]+))?}/g;

function format(values: string[], fmt: Format, variable: VariableInfo): string {
  if (typeof fmt === 'function') {
    return fmt(variable.multi || values.length !== 1 ? values : values[0], variable);
  }
  switch (fmt) {
    case 'csv':
    case 'raw':
      return values.join(',');
    case 'pipe':
      return values.join('|');
    case 'json':
      return JSON.stringify(values.length === 1 ? values[0] : values);
    case 'text':
      return values.join(' + ');
    case 'singlequote':
      return values.map((v) => `'${v.replace(/'/g, "\\'")}'`).join(',');
    case 'doublequote':
      return values.map((v) => `"${v.replace(/"/g, '\\"')}"`).join(',');
    default:
      // glob, Grafana's default for a multi-value variable outside a data source query.
      return values.length === 1 ? values[0] : `{${values.join(',')}}`;
  }
}

export function interpolate(
  variables: Variables,
  target: string,
  scopedVars?: ScopedVars,
  fmt?: Format,
  info: Record<string, Partial<VariableInfo>> = {}
): string {
  return target.replace(VARIABLE, (match, plain, bracket, bracketFmt, braced, _field, bracedFmt) => {
    const name: string = plain ?? bracket ?? braced;
    const scoped = name === '__sceneObject' ? undefined : scopedVars?.[name];
    const values = scoped ? [String(scoped.value)] : variables[name];
    if (!values) {
      return match;
    }
    // A scoped value (a repeat's or a built-in like __interval) is one value of no dashboard variable.
    const variable: VariableInfo = scoped
      ? { name, type: 'constant', multi: false, includeAll: false }
      : { name, type: info[name]?.type ?? 'custom', multi: info[name]?.multi ?? values.length > 1, includeAll: info[name]?.includeAll ?? false };
    return format(values, bracedFmt ?? bracketFmt ?? fmt, variable);
  });
}
