import React from 'react';
import { Button, type ComboboxOption } from '@grafana/ui';

import type { ScheduleLayer } from '../../../api/types';
import { newRotationLayer } from './draft';
import { LayerEditor } from './LayerEditor';

interface Props {
  layers: ScheduleLayer[];
  timeZone: string;
  people: Array<ComboboxOption<string>>;
  onChange: (layers: ScheduleLayer[]) => void;
  errorAt: (path: string) => string | undefined;
}

/**
 * The layers, highest priority first: at any time the highest layer with someone on wins, and
 * where it has nobody the layers below show through. (Stored in the opposite order: later wins.)
 */
export function LayersEditor({ layers, timeZone, people, onChange, errorAt }: Props) {
  const set = (i: number, layer: ScheduleLayer) => onChange(layers.map((l, j) => (j === i ? layer : l)));
  const move = (i: number, by: number) => {
    const next = [...layers];
    [next[i], next[i + by]] = [next[i + by], next[i]];
    onChange(next);
  };
  return (
    <>
      <p>
        The highest layer with someone on wins; where it has nobody (a gap, a rotation not started yet or ended), the
        layers below show through. Overrides beat every layer.
      </p>
      {layers
        .map((layer, i) => (
          <LayerEditor
            key={i}
            index={i}
            count={layers.length}
            layer={layer}
            timeZone={timeZone}
            people={people}
            onChange={(l) => set(i, l)}
            onMove={(by) => move(i, by)}
            onRemove={() => onChange(layers.filter((_, j) => j !== i))}
            errorAt={errorAt}
          />
        ))
        .reverse()}
      <Button
        variant="secondary"
        icon="plus"
        disabled={layers.length >= 10}
        onClick={() => onChange([...layers, newRotationLayer(Date.now(), timeZone, layers.length + 1)])}
      >
        Add layer
      </Button>
    </>
  );
}
