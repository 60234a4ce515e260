import React from 'react';
import type { IconName } from '@grafana/data';
import { Combobox, type ComboboxOption, Field } from '@grafana/ui';

import type { Severity, Status } from '../../../api/types';
import { SEVERITIES, severityLabel } from '../../../incident/severity';
import { STATUS_ICON, STATUS_LABEL, STATUSES } from '../../../incident/status';
import { useSeverityLabelStyle } from '../../../incident/useSeverityLabelStyle';
import { useLevelMeanings } from '../../../policy/levelMeanings';

interface PickerProps<T extends string> {
  id: string;
  label: string;
  value: T;
  options: Array<ComboboxOption<T>>;
  width: number;
  icon?: IconName;
  /** A different value was picked; the incident keeps its value until the change is confirmed. */
  onPick: (value: T) => void;
}

function Picker<T extends string>({ id, label, value, options, width, icon, onPick }: PickerProps<T>) {
  return (
    <Field label={label} noMargin>
      <Combobox
        id={id}
        options={options}
        value={value}
        width={width}
        prefixIcon={icon}
        onChange={(option) => option.value !== value && onPick(option.value)}
      />
    </Field>
  );
}

/** The severity as a control; each level's meaning (from the live policy) under its name. */
export function SeverityPicker({ value, onPick }: { value: Severity; onPick: (severity: Severity) => void }) {
  const labelStyle = useSeverityLabelStyle();
  const meanings = useLevelMeanings();
  const options = SEVERITIES.map((s) => ({ label: severityLabel(s, labelStyle), value: s, description: meanings[s] }));
  return <Picker id="incident-severity" label="Severity" value={value} options={options} width={12} onPick={onPick} />;
}

/** The status as a control, in lifecycle order. */
export function StatusPicker({ value, onPick }: { value: Status; onPick: (status: Status) => void }) {
  const options = STATUSES.map((s) => ({ label: STATUS_LABEL[s], value: s }));
  return (
    <Picker
      id="incident-status"
      label="Status"
      value={value}
      options={options}
      width={20}
      icon={STATUS_ICON[value]}
      onPick={onPick}
    />
  );
}
