import React, { type ReactNode, type Ref, useId } from 'react';
import { css, cx } from '@emotion/css';
import type { GrafanaTheme2 } from '@grafana/data';
import { Badge, useStyles2 } from '@grafana/ui';

import type { Severity } from '../../api/types';
import { SEVERITIES, SEVERITY_COLOR, severityLabel } from '../../incident/severity';
import { useSeverityLabelStyle } from '../../incident/useSeverityLabelStyle';
import { useLevelMeanings } from '../../policy/levelMeanings';

interface Props {
  value?: Severity;
  onChange: (severity: Severity) => void;
  invalid?: boolean;
  /** The first level's radio, focused when the form is refused for want of a severity. */
  firstRef?: Ref<HTMLInputElement>;
  /** Shown above the levels: what the metrics suggest, beside the choice it informs. */
  children?: ReactNode;
}

/**
 * The levels as radio cards, each with the live policy's meaning on screen: at 3 a.m. nobody hovers
 * to learn what P2 promises. Real radio inputs sharing a name, so Tab enters the group and the arrow
 * keys move within it; each radio is named by its level alone and described by its meaning.
 */
export function SeverityChoice({ value, onChange, invalid, firstRef, children }: Props) {
  const s = useStyles2(getStyles);
  const meanings = useLevelMeanings();
  const labelStyle = useSeverityLabelStyle();
  const id = useId();

  return (
    <div>
      {children}
      <div
        role="radiogroup"
        aria-label="Severity"
        aria-required
        aria-invalid={invalid || undefined}
        className={s.group}
      >
        {SEVERITIES.map((level, i) => (
          <label key={level} className={cx(s.card, value === level && s.checked)}>
            <input
              type="radio"
              className={s.radio}
              name={`${id}severity`}
              value={level}
              checked={value === level}
              onChange={() => onChange(level)}
              ref={i === 0 ? firstRef : undefined}
              aria-labelledby={`${id}${level}`}
              aria-describedby={`${id}${level}-meaning`}
            />
            <span id={`${id}${level}`}>
              <Badge text={severityLabel(level, labelStyle)} color={SEVERITY_COLOR[level]} />
            </span>
            <span id={`${id}${level}-meaning`} className={s.meaning}>
              {meanings[level]}
            </span>
          </label>
        ))}
      </div>
    </div>
  );
}

const getStyles = (theme: GrafanaTheme2) => ({
  // One column grid shared by every card (subgrid), so the meanings line up whatever the labels' widths.
  group: css({ display: 'grid', gridTemplateColumns: 'auto max-content 1fr', gap: theme.spacing(1) }),
  card: css({
    gridColumn: '1 / -1',
    display: 'grid',
    gridTemplateColumns: 'subgrid',
    alignItems: 'baseline',
    padding: theme.spacing(1, 1.5),
    border: `1px solid ${theme.colors.border.weak}`,
    borderRadius: theme.shape.radius.default,
    background: theme.colors.background.primary,
    cursor: 'pointer',
    '&:hover': { borderColor: theme.colors.border.medium },
    // The whole card shows where the keyboard is, not only the small dot.
    '&:has(input:focus-visible)': { outline: `2px solid ${theme.colors.primary.main}`, outlineOffset: 1 },
  }),
  checked: css({
    borderColor: theme.colors.primary.border,
    background: theme.colors.action.selected,
  }),
  radio: css({
    accentColor: theme.colors.primary.main,
    width: theme.spacing(2),
    height: theme.spacing(2),
    margin: 0,
    alignSelf: 'center',
    cursor: 'pointer',
  }),
  meaning: css({ color: theme.colors.text.primary, fontSize: theme.typography.bodySmall.fontSize }),
});
