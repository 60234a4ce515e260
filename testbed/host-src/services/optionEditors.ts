// Grafana registers its standard option editors at start-up (public/app/app.ts:
// standardEditorsRegistry.setInit(getAllOptionEditors), standardFieldConfigEditorRegistry.setInit(
// getAllStandardFieldConfigs); ids from public/app/core/components/OptionsUI/registry.tsx). A panel
// plugin's options builder looks its editors up by these ids (addTextInput → 'text', addMultiSelect
// → 'multi-select', ...) even when only the panel is rendered, and an unknown id throws. The test bed
// has no panel editor, so each id is registered with a stand-in editor component that is never shown;
// the field-config registry stays empty (the test bed renders no field-config-driven panel).
import { createElement } from 'react';

import { StandardEditorsRegistryItem, standardEditorsRegistry } from '@grafana/data';

const IDS: Array<[string, string]> = [
  ['text', 'Text'],
  ['number', 'Number'],
  ['slider', 'Slider'],
  ['boolean', 'Boolean'],
  ['radio', 'Radio'],
  ['select', 'Select'],
  ['unit', 'Unit'],
  ['links', 'Links'],
  ['stats-picker', 'Stats Picker'],
  ['strings', 'String array'],
  ['timezone', 'Time zone'],
  ['fieldColor', 'Field Color'],
  ['color', 'Color'],
  ['multi-select', 'Multi select'],
  ['field-name', 'Field name'],
  ['dashboard-uid', 'Dashboard'],
  ['mappings', 'Mappings'],
  ['thresholds', 'Thresholds'],
];

const NoEditor = () => createElement('span', null, 'The test bed has no panel editor');

export function registerOptionEditors() {
  standardEditorsRegistry.setInit(
    () => IDS.map(([id, name]) => ({ id, name, description: '', editor: NoEditor }) as StandardEditorsRegistryItem)
  );
}
