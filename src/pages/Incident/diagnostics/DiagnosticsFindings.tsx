import React from 'react';
import { css } from '@emotion/css';
import type { GrafanaTheme2 } from '@grafana/data';
import { Badge, CollapsableSection, ControlledCollapse, InteractiveTable, useStyles2 } from '@grafana/ui';

import type { DiagnosticFinding, DiagnosticTable } from '../../../api/types';
import { countsText, groupByService, STATUS_BADGE, statusCounts } from '../../../diagnostics/format';

/**
 * Findings grouped per service, each folded to its worst status and counts until opened (a run of
 * 24 checks would otherwise push the timeline a screen down); inside, worst first, each finding with
 * its badge, summary, error and evidence tables. The service holding the run's only critical finding
 * starts open: that finding is the one to read.
 */
export function DiagnosticsFindings({ findings }: { findings: DiagnosticFinding[] }) {
  const s = useStyles2(getStyles);
  const critical = findings.filter((f) => f.status === 'critical');
  return (
    <>
      {groupByService(findings).map(([service, list]) => {
        // groupByService sorts worst first.
        const worst = STATUS_BADGE[list[0].status] ?? STATUS_BADGE.error;
        return (
          <div key={service} aria-label={`Findings of ${service}`} role="group">
            <ControlledCollapse
              isOpen={critical.length === 1 && critical[0].service === service}
              label={
                <span className={s.label}>
                  <Badge text={worst.text} color={worst.color} icon={worst.icon} />
                  {service}: {countsText(statusCounts(list))}
                </span>
              }
            >
              <ul className={s.list}>
                {list.map((f) => (
                  <FindingItem key={`${f.check}:${f.title}`} finding={f} />
                ))}
              </ul>
            </ControlledCollapse>
          </div>
        );
      })}
    </>
  );
}

function FindingItem({ finding: f }: { finding: DiagnosticFinding }) {
  const s = useStyles2(getStyles);
  const badge = STATUS_BADGE[f.status] ?? STATUS_BADGE.error;
  const tables = f.details ?? [];
  return (
    <li className={s.finding}>
      <div className={s.head}>
        <Badge text={badge.text} color={badge.color} icon={badge.icon} />
        <strong>{f.title}</strong>
      </div>
      <p className={s.summary}>{f.summary}</p>
      {f.status === 'error' && f.error && <p className={s.error}>Error: {f.error}</p>}
      {f.withheld && (
        <p className={s.summary}>
          The evidence of this check carries production data and is shown to Editors and Admins.
        </p>
      )}
      {tables.length > 0 && (
        <CollapsableSection label={`Evidence (${tables.map((t) => t.title || 'table').join(', ')})`} isOpen={false}>
          {tables.map((t, i) => (
            <EvidenceTable key={i} table={t} />
          ))}
        </CollapsableSection>
      )}
    </li>
  );
}

type Row = Record<string, string> & { rowId: string };

function EvidenceTable({ table }: { table: DiagnosticTable }) {
  const s = useStyles2(getStyles);
  const columns = table.columns.map((header, i) => ({ id: `c${i}`, header }));
  const data: Row[] = table.rows.map((cells, r) => ({
    rowId: String(r),
    ...Object.fromEntries(cells.map((v, i) => [`c${i}`, v])),
  }));
  return (
    <div className={s.table}>
      {table.title && <h5>{table.title}</h5>}
      {data.length === 0 ? (
        <p className={s.muted}>No rows.</p>
      ) : (
        <InteractiveTable columns={columns} data={data} getRowId={(row: Row) => row.rowId} />
      )}
    </div>
  );
}

const getStyles = (theme: GrafanaTheme2) => ({
  label: css({ display: 'flex', gap: theme.spacing(1), alignItems: 'center', flexWrap: 'wrap' }),
  list: css({ listStyle: 'none', margin: 0, padding: 0 }),
  finding: css({
    borderLeft: `2px solid ${theme.colors.border.medium}`,
    padding: theme.spacing(0.5, 0, 0.5, 1.5),
    marginBottom: theme.spacing(1),
  }),
  head: css({ display: 'flex', gap: theme.spacing(1), alignItems: 'center', flexWrap: 'wrap' }),
  summary: css({ margin: theme.spacing(0.5, 0, 0) }),
  error: css({ color: theme.colors.error.text, margin: theme.spacing(0.5, 0, 0) }),
  table: css({ marginBottom: theme.spacing(1) }),
  muted: css({ color: theme.colors.text.secondary }),
});
