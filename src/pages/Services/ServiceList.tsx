import React from 'react';
import { css } from '@emotion/css';
import type { GrafanaTheme2 } from '@grafana/data';
import { Button, ConfirmButton, Stack, useStyles2 } from '@grafana/ui';

import type { CatalogService } from '../../api/client';
import { listTable } from '../../components/listTable';
import { AWS_FIELDS } from './catalogEdit';

interface Props {
  services: CatalogService[];
  /** Admins only: without them the list is read-only. */
  onEdit?: (index: number) => void;
  onRemove?: (index: number) => void;
  busy?: boolean;
}

/** The catalog as a table: what each service is queried with and what diagnostics look at. */
export function ServiceList({ services, onEdit, onRemove, busy }: Props) {
  const s = useStyles2(getStyles);
  const editable = onEdit !== undefined && onRemove !== undefined;
  return (
    <table className={s.table} aria-label="Services">
      <thead>
        <tr>
          <th scope="col">Name</th>
          <th scope="col">Metrics</th>
          <th scope="col">Health URL</th>
          <th scope="col">AWS resources</th>
          <th scope="col">PostgreSQL target</th>
          {editable && <th scope="col" aria-label="Actions" />}
        </tr>
      </thead>
      <tbody>
        {services.map((service, i) => (
          <tr key={`${i}-${service.name}`}>
            <th scope="row" className={s.name}>
              {service.name}
            </th>
            <td>
              <Metrics service={service} />
            </td>
            <td>{service.healthUrl ? <span className={s.code}>{service.healthUrl}</span> : '—'}</td>
            <td>
              <AwsResources service={service} />
            </td>
            <td>{service.postgres ?? '—'}</td>
            {editable && (
              <td>
                <Stack gap={1} justifyContent="flex-end">
                  <Button
                    size="sm"
                    variant="secondary"
                    icon="pen"
                    disabled={busy}
                    aria-label={`Edit ${service.name}`}
                    onClick={() => onEdit(i)}
                  >
                    Edit
                  </Button>
                  <ConfirmButton
                    size="sm"
                    confirmText={`Remove ${service.name}`}
                    confirmVariant="destructive"
                    disabled={busy}
                    onConfirm={() => onRemove(i)}
                  >
                    <Button size="sm" variant="secondary" icon="trash-alt" aria-label={`Remove ${service.name}`}>
                      Remove
                    </Button>
                  </ConfirmButton>
                </Stack>
              </td>
            )}
          </tr>
        ))}
      </tbody>
    </table>
  );
}

function Metrics({ service }: { service: CatalogService }) {
  const s = useStyles2(getStyles);
  if (service.errorRateQuery || service.latencyQuery) {
    return (
      <div>
        {service.selector && <code className={s.code}>{service.selector}</code>}
        <div className={s.muted}>
          custom queries:{' '}
          {[service.errorRateQuery && 'error rate', service.latencyQuery && 'latency'].filter(Boolean).join(', ')}
        </div>
      </div>
    );
  }
  return service.selector ? <code className={s.code}>{service.selector}</code> : <span>—</span>;
}

function AwsResources({ service }: { service: CatalogService }) {
  const s = useStyles2(getStyles);
  const aws = service.aws ?? {};
  const set = AWS_FIELDS.filter(({ key }) => aws[key]);
  if (set.length === 0) {
    return <span>—</span>;
  }
  return (
    <ul className={s.list}>
      {set.map(({ key, label }) => (
        <li key={key}>
          <span className={s.muted}>{label}:</span> {aws[key]}
        </li>
      ))}
    </ul>
  );
}

const getStyles = (theme: GrafanaTheme2) => ({
  table: listTable(theme, 'top'),
  name: css({ fontWeight: theme.typography.fontWeightMedium }),
  code: css({
    fontFamily: theme.typography.fontFamilyMonospace,
    fontSize: theme.typography.bodySmall.fontSize,
    wordBreak: 'break-all',
  }),
  muted: css({ color: theme.colors.text.secondary }),
  list: css({ listStyle: 'none', margin: 0, padding: 0, fontSize: theme.typography.bodySmall.fontSize }),
});
