import React, { useState } from 'react';
import { css } from '@emotion/css';
import type { GrafanaTheme2 } from '@grafana/data';
import { Button, Stack, useStyles2 } from '@grafana/ui';

import type { CatalogService } from '../../api/client';
import { servicesFromLabel } from './catalogEdit';
import { useLabelValues } from './discovery';
import { LabelField } from './LabelPickers';

interface Props {
  services: CatalogService[];
  saving: boolean;
  onAdd: (added: CatalogService[]) => void;
  onCancel: () => void;
}

/** "Add all services from label X": one service per value of X, in one save. */
export function AddFromLabel({ services, saving, onAdd, onCancel }: Props) {
  const s = useStyles2(getStyles);
  const [label, setLabel] = useState<string>();
  const values = useLabelValues(label);
  const plan = label && values.data ? servicesFromLabel(services, label, values.data.values) : undefined;
  const count = plan?.added.length ?? 0;

  return (
    <section aria-label="Add all services from a label" className={s.section}>
      <h3>Add all services from a label</h3>
      <p className={s.muted}>
        One service per value of the label Prometheus has on the requests metric, named after the value, with the
        selector <code>label=&quot;value&quot;</code>. Values whose name is already in the catalog are skipped.
      </p>
      <LabelField id="add-all-label" value={label} onChange={setLabel} />
      {values.error && (
        <p role="alert">
          Could not list the values of {label}: {values.error.message}
        </p>
      )}
      {plan && (
        <p aria-live="polite">
          {count === 0
            ? `Nothing to add: every value of ${label} is already a service.`
            : `Adds ${count === 1 ? '1 service' : `${count} services`}: ${plan.added.map((a) => a.name).join(', ')}.`}
          {plan.skipped.length > 0 && ` Skips ${plan.skipped.join(', ')}.`}
        </p>
      )}
      <Stack gap={1}>
        <Button disabled={count === 0 || saving} onClick={() => plan && onAdd(plan.added)}>
          {saving ? 'Saving…' : count > 0 ? `Add ${count === 1 ? '1 service' : `${count} services`}` : 'Add services'}
        </Button>
        <Button variant="secondary" onClick={onCancel} disabled={saving}>
          Cancel
        </Button>
      </Stack>
    </section>
  );
}

const getStyles = (theme: GrafanaTheme2) => ({
  section: css({ marginBottom: theme.spacing(3), maxWidth: theme.breakpoints.values.md }),
  muted: css({ color: theme.colors.text.secondary }),
});
