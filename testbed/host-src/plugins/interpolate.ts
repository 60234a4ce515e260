// Dashboard variable interpolation as Grafana's TemplateSrv.replace does it for the syntaxes a panel
// option uses (public/app/features/templating/template_srv.ts, variableRegex in utils.ts):
// `$name`, `${name}`, `${name:format}` and `[[name]]`. Formats (@grafana/data VariableFormatID,
// app/features/templating/formatRegistry.ts): a multi-value variable without a format is `glob`
// ({a,b}; one value stays bare); csv, pipe, json, raw, text, singlequote, doublequote and a format
// function are supported; a name that is not a variable stays as written.
import { ScopedVars } from '@grafana/data';

export type Variables = Record<string, string[]>;
type Format = string | ((value: string | string[]) => string) | undefined;

const VARIABLE = /\$(\w+)|\[\[(\w+?)(?::(\w+))?\]\]|\${(\w+)(?:\.([^:^}]+))?(?::([^}]+))?}/g;

function format(values: string[], fmt: Format): string {
  if (typeof fmt === 'function') {
    return fmt(values.length === 1 ? values[0] : values);
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

export function interpolate(variables: Variables, target: string, scopedVars?: ScopedVars, fmt?: Format): string {
  return target.replace(VARIABLE, (match, plain, bracket, bracketFmt, braced, _field, bracedFmt) => {
    const name: string = plain ?? bracket ?? braced;
    const scoped = scopedVars?.[name];
    const values = scoped ? [String(scoped.value)] : variables[name];
    if (!values) {
      return match;
    }
    return format(values, bracedFmt ?? bracketFmt ?? fmt);
  });
}
