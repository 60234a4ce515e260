import React from 'react';
import { css } from '@emotion/css';
import type { GrafanaTheme2 } from '@grafana/data';
import { Button, Field, FieldValidationMessage, IconButton, Input, TextArea, useStyles2 } from '@grafana/ui';

import type { EscalationTier, Policy, PolicyLevel } from '../../api/types';
import { severityLabel } from '../../incident/severity';
import type { TargetChoices } from './targets/targetChoices';
import { TierTargets } from './targets/TierTargets';

interface Props {
  policy: Policy;
  onChange: (levels: PolicyLevel[]) => void;
  errorAt: (path: string) => string | undefined;
  /** What tiers can page (schedules, users, teams, channels), loaded once for all tiers. */
  targetChoices: TargetChoices;
}

type TextKey = 'meaning' | 'respondWithin' | 'resolveWithin' | 'updateEvery' | 'notify';

// Widths in rem make one grid: every row's inputs line up under their header at 1280 px.
// A level's meaning is a sentence or two, so it is a multi-line box that shows all of it.
const COLUMNS: Array<{ key: TextKey; label: string; placeholder?: string; width: string; multiline?: boolean }> = [
  { key: 'meaning', label: 'Meaning', width: 'auto', multiline: true },
  { key: 'respondWithin', label: 'Respond within', placeholder: '15m', width: '9rem' },
  { key: 'resolveWithin', label: 'Resolve within', placeholder: 'best effort', width: '9rem' },
  { key: 'updateEvery', label: 'Update every', placeholder: 'none', width: '9rem' },
  { key: 'notify', label: 'Notify', width: '16rem', multiline: true },
];

/** The targets of each level, then who each level escalates to as time passes. */
export function PolicyLevels({ policy, onChange, errorAt, targetChoices }: Props) {
  const s = useStyles2(getStyles);
  const levels = policy.levels;
  const setLevel = (i: number, change: Partial<PolicyLevel>) =>
    onChange(levels.map((l, j) => (j === i ? { ...l, ...change } : l)));
  const setTiers = (i: number, tiers: EscalationTier[]) => setLevel(i, { tiers });
  const setTier = (i: number, j: number, change: Partial<EscalationTier>) =>
    setTiers(
      i,
      levels[i].tiers.map((t, k) => (k === j ? { ...t, ...change } : t))
    );
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
        <colgroup>
          <col className={s.levelColumn} />
          {COLUMNS.map((c) => (
            <col key={c.key} style={{ width: c.width }} />
          ))}
        </colgroup>
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
                {COLUMNS.map((c) => {
                  const common = {
                    'aria-label': `${name} ${c.label.toLowerCase()}`,
                    value: level[c.key] ?? '',
                    placeholder: c.placeholder,
                  };
                  return (
                    <td key={c.key}>
                      {field(
                        `levels[${i}].${c.key}`,
                        c.multiline ? (
                          <TextArea
                            {...common}
                            rows={2}
                            className={s.textArea}
                            onChange={(e) => setText(i, c.key, e.currentTarget.value)}
                          />
                        ) : (
                          <Input {...common} onChange={(e) => setText(i, c.key, e.currentTarget.value)} />
                        )
                      )}
                    </td>
                  );
                })}
              </tr>
            );
          })}
        </tbody>
      </table>
      <div className={s.tierGrid}>
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
                      value={tier.after}
                      onChange={(e) => setTier(i, j, { after: e.currentTarget.value })}
                    />
                  )}
                  {field(
                    `levels[${i}].tiers[${j}].who`,
                    // The note says who is engaged in words; the targets below are whom Warroom pages.
                    <Input
                      aria-label={`${name} tier ${j + 1} note`}
                      placeholder="Note shown to responders"
                      title="Note shown to responders"
                      value={tier.who}
                      onChange={(e) => setTier(i, j, { who: e.currentTarget.value })}
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
                  <TierTargets
                    name={`${name} tier ${j + 1}`}
                    targets={tier.targets ?? []}
                    choices={targetChoices}
                    onChange={(targets) => setTier(i, j, { targets })}
                    errorAt={(suffix) => errorAt(`levels[${i}].tiers[${j}].targets${suffix}`)}
                  />
                </div>
              ))}
              <Button
                size="sm"
                variant="secondary"
                icon="plus"
                onClick={() => setTiers(i, [...tiers, { after: '', who: '', targets: [] }])}
              >
                {`Add ${name} tier`}
              </Button>
            </fieldset>
          );
        })}
      </div>
    </>
  );
}

const getStyles = (theme: GrafanaTheme2) => ({
  table: css({
    width: '100%',
    tableLayout: 'fixed',
    marginBottom: theme.spacing(2),
    'th, td': {
      padding: theme.spacing(0.5),
      textAlign: 'left',
      verticalAlign: 'top',
    },
    'thead th': {
      whiteSpace: 'nowrap',
    },
    // The level's name sits on the first line of its inputs, not above or below it.
    'tbody th': {
      lineHeight: theme.spacing(theme.components.height.md),
    },
  }),
  levelColumn: css({
    width: theme.spacing(7),
  }),
  textArea: css({
    resize: 'vertical',
  }),
  // One column per level at 1280 px (two on a narrower page), each tier row on the same grid.
  tierGrid: css({
    display: 'grid',
    gridTemplateColumns: `repeat(auto-fill, minmax(${theme.spacing(34)}, 1fr))`,
    gap: theme.spacing(2),
  }),
  tiers: css({
    minWidth: 0,
  }),
  legend: css({
    fontSize: theme.typography.body.fontSize,
    fontWeight: theme.typography.fontWeightMedium,
    marginBottom: theme.spacing(1),
  }),
  tier: css({
    display: 'grid',
    gridTemplateColumns: `${theme.spacing(12)} minmax(0, 1fr) auto`,
    alignItems: 'center',
    gap: theme.spacing(1),
    marginBottom: theme.spacing(2),
  }),
});
