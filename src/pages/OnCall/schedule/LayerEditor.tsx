import React from 'react';
import { css } from '@emotion/css';
import type { GrafanaTheme2 } from '@grafana/data';
import { type ComboboxOption, Field, IconButton, Input, RadioButtonGroup, Stack, useStyles2 } from '@grafana/ui';

import type { ScheduleLayer, ScheduleRotation } from '../../../api/types';
import { fieldId, type Unit } from './draft';
import { ParticipantsPicker } from './ParticipantsPicker';

const UNITS: Array<{ label: string; value: Unit }> = [
  { label: 'Hours', value: 'hours' },
  { label: 'Days', value: 'days' },
  { label: 'Weeks', value: 'weeks' },
];

interface Props {
  index: number;
  count: number;
  layer: ScheduleLayer;
  timeZone: string;
  people: Array<ComboboxOption<string>>;
  onChange: (layer: ScheduleLayer) => void;
  /** Moves the layer by `by` places; a later layer has higher priority. */
  onMove: (by: number) => void;
  onRemove: () => void;
  errorAt: (path: string) => string | undefined;
}

/** One layer: a rotation to edit, or an imported layer of fixed shifts that is only kept, moved or removed. */
export function LayerEditor({ index, count, layer, timeZone, people, onChange, onMove, onRemove, errorAt }: Props) {
  const s = useStyles2(getStyles);
  const at = `layers[${index}]`;
  const title = `Layer ${index + 1}`;
  const state = (path: string) => ({ invalid: !!errorAt(path), error: errorAt(path) });
  const rotation = layer.rotation;
  const setRotation = (change: Partial<ScheduleRotation>) =>
    rotation && onChange({ ...layer, rotation: { ...rotation, ...change } });
  const priority =
    index === count - 1 ? 'highest priority' : index === 0 ? 'lowest priority' : 'priority ' + (index + 1);

  return (
    <fieldset className={s.layer} aria-label={title} id={fieldId(at)} tabIndex={-1}>
      <Stack justifyContent="space-between" alignItems="center">
        <legend className={s.legend}>
          {title} <span className={s.muted}>({count === 1 ? 'the only layer' : priority})</span>
        </legend>
        <Stack gap={0.5}>
          <IconButton
            name="arrow-up"
            aria-label={`Raise ${title}`}
            disabled={index === count - 1}
            onClick={() => onMove(1)}
          />
          <IconButton
            name="arrow-down"
            aria-label={`Lower ${title}`}
            disabled={index === 0}
            onClick={() => onMove(-1)}
          />
          <IconButton name="trash-alt" aria-label={`Remove ${title}`} disabled={count === 1} onClick={onRemove} />
        </Stack>
      </Stack>
      {errorAt(at) && <div className={s.error}>{errorAt(at)}</div>}
      <Field label={`${title} name`} {...state(`${at}.name`)}>
        <Input
          id={fieldId(`${at}.name`)}
          width={40}
          value={layer.name}
          onChange={(e) => onChange({ ...layer, name: e.currentTarget.value })}
        />
      </Field>
      {rotation ? (
        <>
          <ParticipantsPicker
            path={`${at}.rotation.participants`}
            layerName={title}
            participants={rotation.participants}
            options={people}
            onChange={(participants) => setRotation({ participants })}
            errorAt={errorAt}
          />
          <Stack gap={2} wrap="wrap">
            <Field label={`${title} hands off every`} {...state(`${at}.rotation.every`)}>
              <Input
                id={fieldId(`${at}.rotation.every`)}
                type="number"
                min={1}
                width={10}
                value={rotation.every}
                onChange={(e) => setRotation({ every: Number(e.currentTarget.value) || 0 })}
              />
            </Field>
            <Field label={`${title} unit`} {...state(`${at}.rotation.unit`)}>
              <RadioButtonGroup
                id={fieldId(`${at}.rotation.unit`)}
                options={UNITS}
                value={rotation.unit as Unit}
                onChange={(unit) => setRotation({ unit })}
              />
            </Field>
            <Field
              label={`${title} first hand-off`}
              description={`Wall time in ${timeZone}; later hand-offs keep its time of day.`}
              {...state(`${at}.rotation.start`)}
            >
              <Input
                id={fieldId(`${at}.rotation.start`)}
                type="datetime-local"
                value={rotation.start}
                onChange={(e) => setRotation({ start: e.currentTarget.value })}
              />
            </Field>
            <Field
              label={`${title} ends`}
              description="Optional: nobody is on from then."
              {...state(`${at}.rotation.end`)}
            >
              <Input
                id={fieldId(`${at}.rotation.end`)}
                type="datetime-local"
                value={rotation.end ?? ''}
                onChange={(e) => setRotation({ end: e.currentTarget.value || undefined })}
              />
            </Field>
          </Stack>
        </>
      ) : (
        <p className={s.muted}>
          {layer.shifts?.length ?? 0} imported shifts (an iCalendar feed). Import again to replace them; remove the
          layer to drop them.
        </p>
      )}
    </fieldset>
  );
}

const getStyles = (theme: GrafanaTheme2) => ({
  layer: css({
    border: `1px solid ${theme.colors.border.weak}`,
    borderRadius: theme.shape.radius.default,
    padding: theme.spacing(1, 2, 2),
    marginBottom: theme.spacing(2),
  }),
  legend: css({
    fontSize: theme.typography.h5.fontSize,
    margin: 0,
    float: 'left',
  }),
  muted: css({
    color: theme.colors.text.secondary,
    fontSize: theme.typography.body.fontSize,
  }),
  error: css({
    color: theme.colors.error.text,
  }),
});
