import React from 'react';
import { css } from '@emotion/css';
import type { GrafanaTheme2 } from '@grafana/data';
import { InlineField, Input, Switch, useStyles2 } from '@grafana/ui';

import type { EscalationRule, Policy } from '../../api/types';
import { severityLabel } from '../../incident/severity';

interface Props {
  policy: Policy;
  onChange: (rules: EscalationRule[]) => void;
  errorAt: (path: string) => string | undefined;
}

/** A number input's text as a number; "" (or what the browser could not read) as 0, i.e. "off". */
function numberOf(text: string): number {
  const n = Number(text);
  return text.trim() === '' || Number.isNaN(n) ? 0 : n;
}

/**
 * The escalation rules (seed 000). The conditions a rule has are shown, with
 * its thresholds editable; auto-apply lets the back end re-grade by itself.
 */
export function PolicyRules({ policy, onChange, errorAt }: Props) {
  const s = useStyles2(getStyles);
  const label = (sev: EscalationRule['from']) => severityLabel(sev, policy.labels);
  const set = (i: number, change: Partial<EscalationRule>) =>
    onChange(policy.rules.map((r, j) => (j === i ? { ...r, ...change } : r)));

  // One label width for every threshold, so the inputs form one column.
  const threshold = (i: number, key: string, text: string, control: React.ReactElement) => (
    <InlineField
      label={text}
      labelWidth={34}
      invalid={!!errorAt(`rules[${i}].${key}`)}
      error={errorAt(`rules[${i}].${key}`)}
      className={s.field}
    >
      {control}
    </InlineField>
  );

  if (policy.rules.length === 0) {
    return <p className={s.muted}>No escalation rules.</p>;
  }
  return (
    <table className={s.table} aria-label="Escalation rules">
      <thead>
        <tr>
          <th>Rule</th>
          <th>Escalates</th>
          <th>When</th>
          <th>Auto-apply</th>
        </tr>
      </thead>
      <tbody>
        {policy.rules.map((rule, i) => (
          <tr key={`${rule.id}-${i}`}>
            <th scope="row">
              <code>{rule.id}</code>
              {errorAt(`rules[${i}]`) && <div className={s.error}>{errorAt(`rules[${i}]`)}</div>}
            </th>
            <td>
              {label(rule.from)} → {label(rule.to)}
            </td>
            <td>
              {rule.persistsFor !== undefined &&
                threshold(
                  i,
                  'persistsFor',
                  rule.withoutMitigation ? 'Persists without a mitigation for' : 'Persists for',
                  <Input
                    id={`rule-${i}-persists`}
                    width={10}
                    value={rule.persistsFor}
                    onChange={(e) => set(i, { persistsFor: e.currentTarget.value })}
                  />
                )}
              {rule.customerReportsOver !== undefined &&
                threshold(
                  i,
                  'customerReportsOver',
                  'Customer reports over',
                  <Input
                    id={`rule-${i}-reports`}
                    type="number"
                    min={0}
                    step={1}
                    width={10}
                    value={rule.customerReportsOver}
                    onChange={(e) => set(i, { customerReportsOver: numberOf(e.currentTarget.value) })}
                  />
                )}
              {rule.errorRateOver !== undefined &&
                threshold(
                  i,
                  'errorRateOver',
                  'Error rate over (0.05 = 5%)',
                  <Input
                    id={`rule-${i}-error-rate`}
                    type="number"
                    min={0}
                    max={1}
                    step={0.01}
                    width={10}
                    value={rule.errorRateOver}
                    onChange={(e) => set(i, { errorRateOver: numberOf(e.currentTarget.value) })}
                  />
                )}
              {rule.multipleServices && <div className={s.condition}>Several services are affected</div>}
              {rule.dataIntegrityAtRisk && <div className={s.condition}>Data integrity is at risk</div>}
            </td>
            <td>
              <Switch
                aria-label={`Auto-apply ${rule.id}`}
                value={rule.autoApply}
                onChange={() => set(i, { autoApply: !rule.autoApply })}
              />
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

const getStyles = (theme: GrafanaTheme2) => ({
  // Every cell is centred on its row, so a rule's id, levels, condition and switch share one line.
  table: css({
    width: '100%',
    'th, td': {
      padding: theme.spacing(0.5),
      textAlign: 'left',
      verticalAlign: 'middle',
    },
  }),
  field: css({
    margin: 0,
  }),
  // As tall as a threshold's input, so rows without one keep the same rhythm.
  condition: css({
    lineHeight: theme.spacing(theme.components.height.md),
  }),
  error: css({
    color: theme.colors.error.text,
    fontWeight: theme.typography.fontWeightRegular,
  }),
  muted: css({
    color: theme.colors.text.secondary,
  }),
});
