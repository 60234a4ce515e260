// The timers panel, a plugin nested in the Warroom app (listed in the app's
// plugin.json "includes"); Grafana loads it from
// public/plugins/warroom-incident-app/panels/timers/module.js. The panel is imported eagerly:
// a lazy chunk of a nested plugin is requested beside this module (panels/timers/), where the
// build does not put it; Grafana loads this module only where a dashboard shows the panel.
import { PanelPlugin, type SelectFieldConfigSettings } from '@grafana/data';

import type { Severity } from '../../api/types';
import { SEVERITIES } from '../../incident/severity';
import { DEFAULT_OPTIONS, MAX_ROWS, type TimersPanelOptions } from './options';
import TimersPanelRoot from './TimersPanelRoot';

export const plugin = new PanelPlugin<TimersPanelOptions>(TimersPanelRoot).setPanelOptions((builder) =>
  builder
    .addTextInput({
      path: 'services',
      name: 'Services',
      description: 'Comma-separated service names; dashboard variables work, e.g. $service. Empty shows every service.',
      defaultValue: DEFAULT_OPTIONS.services,
    })
    // Typed per option (Grafana's builder types the value as one option); no default means all levels.
    .addMultiSelect<Severity, SelectFieldConfigSettings<Severity>>({
      path: 'severities',
      name: 'Severities',
      description: 'Show only incidents of these levels; none selected shows all.',
      settings: { options: SEVERITIES.map((s) => ({ value: s, label: s })) },
    })
    .addNumberInput({
      path: 'maxRows',
      name: 'Max rows',
      description: `Most urgent incidents first; at most ${MAX_ROWS}.`,
      defaultValue: DEFAULT_OPTIONS.maxRows,
      settings: { min: 1, max: MAX_ROWS, integer: true },
    })
);
