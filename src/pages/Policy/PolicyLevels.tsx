import React from 'react';
import { css } from '@emotion/css';
import type { GrafanaTheme2 } from '@grafana/data';
import { Button, Field, FieldValidationMessage, IconButton, Input, useStyles2 } from '@grafana/ui';

import type { EscalationTier, Policy, PolicyLevel } from '../../api/types';
import { severityLabel } from '../../incident/severity';

interface Props {
  policy: Policy;
  onChange: (levels: PolicyLevel[]) => void;
  errorAt: (path: string) => string | undefined;
}

type TextKey = 'meaning' | 'respondWithin' | 'resolveWithin' | 'updateEvery' | 'notify';

const COLUMNS: Array<{ key: TextKey; label: string; placeholder?: string; width?: number }> = [
  { key: 'meaning', label: 'Meaning' },
  { key: 'respondWithin', label: 'Respond within', placeholder: '15m', width: 10 },
  { key: 'resolveWithin', label: 'Resolve within', placeholder: 'best effort', width: 12 },
  { key: 'updateEvery', label: 'Update every', placeholder: 'none', width: 10 },
  { key: 'notify', label: 'Notify' },
];

/** The targets of each level, then who each level escalates to as time passes. */
export function PolicyLevels({ policy, onChange, errorAt }: Props) {
  const s = useStyles2(getStyles);
  const levels = policy.levels;
  const setLevel = (i: number, change: Partial<PolicyLevel>) =>
    onChange(levels.map((l, j) => (j === i ? { ...l, ...change } : l)));
  const setTiers = (i: number, tiers: EscalationTier[]) => setLevel(i, { tiers });
  // Optional durations: empty means "best effort" / "no scheduled updates", sent as absent.
  const setText = (i: number, key: TextKey, value: string) =>
    setLevel(i, { [key]: key === 'resolveWithin' || key === 'updateEvery' ? value || undefined : value });

  const field = (path: string, control: React.ReactElement) => (
    <Field invalid={!!errorAt(path)} error={errorAt(path)} noMargin>
      {control}
    </Field>
  );

  return (
    <>
      <table className={s.table} aria-label="Severity levels">
        <thead>
          <tr>
            <th>Level</th>
            {COLUMNS.map((c) => (
              <th key={c.key}>{c.label}</th>
            ))}
          </tr>
        </thead>
        <tbody>
          {levels.map((level, i) => {
            const name = severityLabel(level.severity, policy.labels);
            return (
              <tr key={level.severity}>
                <th scope="row">{name}</th>
                {COLUMNS.map((c) => (
                  <td key={c.key}>
                    {field(
                      `levels[${i}].${c.key}`,
                      <Input
                        aria-label={`${name} ${c.label.toLowerCase()}`}
                        value={level[c.key] ?? ''}
                        placeholder={c.placeholder}
                        width={c.width}
                        onChange={(e) => setText(i, c.key, e.currentTarget.value)}
                      />
                    )}
                  </td>
                ))}
              </tr>
            );
          })}
        </tbody>
      </table>
      {levels.map((level, i) => {
        const name = severityLabel(level.severity, policy.labels);
        const tiers = level.tiers ?? [];
        return (
          <fieldset key={level.severity} className={s.tiers}>
            <legend className={s.legend}>{name} escalation tiers</legend>
            {errorAt(`levels[${i}].tiers`) && (
              <FieldValidationMessage>{errorAt(`levels[${i}].tiers`)}</FieldValidationMessage>
            )}
            {tiers.map((tier, j) => (
              <div key={j} className={s.tier} role="group" aria-label={`${name} tier ${j + 1}`}>
                {field(
                  `levels[${i}].tiers[${j}].after`,
                  <Input
                    aria-label={`${name} tier ${j + 1} after`}
                    prefix="after"
                    width={16}
                    value={tier.after}
                    onChange={(e) =>
                      setTiers(
                        i,
                        tiers.map((t, k) => (k === j ? { ...t, after: e.currentTarget.value } : t))
                      )
                    }
                  />
                )}
                {field(
                  `levels[${i}].tiers[${j}].who`,
                  <Input
                    aria-label={`${name} tier ${j + 1} who`}
                    value={tier.who}
                    onChange={(e) =>
                      setTiers(
                        i,
                        tiers.map((t, k) => (k === j ? { ...t, who: e.currentTarget.value } : t))
                      )
                    }
                  />
                )}
                <IconButton
                  name="trash-alt"
                  aria-label={`Remove ${name} tier ${j + 1}`}
                  onClick={() =>
                    setTiers(
                      i,
                      tiers.filter((_, k) => k !== j)
                    )
                  }
                />
              </div>
            ))}
            <Button
              size="sm"
              variant="secondary"
              icon="plus"
              onClick={() => setTiers(i, [...tiers, { after: '', who: '' }])}
            >
              {`Add ${name} tier`}
            </Button>
          </fieldset>
        );
      })}
    </>
  );
}

const getStyles = (theme: GrafanaTheme2) => ({
  table: css({
    width: '100%',
    marginBottom: theme.spacing(2),
    'th, td': {
      padding: theme.spacing(0.5),
      textAlign: 'left',
      verticalAlign: 'top',
    },
  }),
  tiers: css({
    marginBottom: theme.spacing(2),
  }),
  legend: css({
    fontSize: theme.typography.body.fontSize,
    fontWeight: theme.typography.fontWeightMedium,
    marginBottom: theme.spacing(1),
  }),
  tier: css({
    display: 'flex',
    alignItems: 'flex-start',
    gap: theme.spacing(1),
    marginBottom: theme.spacing(1),
  }),
});
