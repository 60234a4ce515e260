import React, { useId, useState } from 'react';
import { css } from '@emotion/css';
import type { GrafanaTheme2 } from '@grafana/data';
import { Alert, Button, Icon, LoadingPlaceholder, useStyles2 } from '@grafana/ui';

import type { CorrelationResult, Evaluation, Severity } from '../../api/types';
import { type SetupGap, SetupHint, useSetup } from '../../components/SetupHint';
import { severityLabel } from '../../incident/severity';
import { useSeverityLabelStyle } from '../../incident/useSeverityLabelStyle';
import { METRIC_NAME, formatDurationMs, formatMetricValue } from '../../metrics/format';
import type { Suggestion } from './useSuggestion';

interface Props {
  suggestion: Suggestion;
  chosen?: Severity;
  onUse: (severity: Severity) => void;
}

/**
 * What the metrics justify, in one line inside the severity field with a one-click "Use P2"; the
 * reasons and per-signal readings fold away under "Evidence".
 */
export function SeveritySuggestion({ suggestion, chosen, onUse }: Props) {
  const s = useStyles2(getStyles);
  const labelStyle = useSeverityLabelStyle();
  const { loading, evaluation, error } = suggestion;
  const setup = useSetup();
  const id = useId();
  const [open, setOpen] = useState(false);

  if (loading && !evaluation) {
    return <LoadingPlaceholder text="Reading the metrics…" />;
  }
  if (error) {
    return (
      <Alert severity="warning" title="Suggestion unavailable" aria-label="Severity suggestion">
        {error.message}. You can still declare; pick the severity yourself.
      </Alert>
    );
  }
  const result = evaluation?.result;
  const gap = evaluation && !result ? missingSetup(evaluation, setup) : undefined;
  if (evaluation && gap) {
    return (
      <SetupHint gap={gap} title="Suggestion unavailable" aria-label="Severity suggestion">
        {gap === 'prometheus'
          ? 'Prometheus is not configured, so Warroom cannot read the metrics that suggest a severity.'
          : evaluation.uncatalogued.length > 0
            ? `Not in the service catalog, so without metrics: ${evaluation.uncatalogued.join(', ')}.`
            : 'The service catalog is empty, so no service has metrics to evaluate.'}{' '}
        You can still declare; pick the severity yourself.
      </SetupHint>
    );
  }
  if (!evaluation || !result || result.unavailable) {
    return (
      <Alert severity="info" title="Suggestion unavailable" aria-label="Severity suggestion">
        {evaluation?.reason ? `${evaluation.reason.replace(/\.$/, '')}.` : 'No metrics to evaluate.'} You can still
        declare; pick the severity yourself.
      </Alert>
    );
  }
  const suggested = result.severity;
  const lead = leadingSignal(result);
  const evidenceId = `${id}evidence`;
  return (
    <section className={s.box} aria-label="Severity suggestion">
      <div className={s.head}>
        <Icon name="chart-line" />
        {suggested ? (
          <span>
            Metrics suggest <strong>{severityLabel(suggested, labelStyle)}</strong>
            {lead && ` — ${lead}`}
          </span>
        ) : (
          <span>No signal is above its threshold for long enough to justify an incident level.</span>
        )}
        {suggested &&
          (chosen === suggested ? (
            <span className={s.muted}>
              <Icon name="check" /> selected
            </span>
          ) : (
            <Button size="sm" variant="secondary" type="button" onClick={() => onUse(suggested)}>
              Use {severityLabel(suggested, labelStyle)}
            </Button>
          ))}
        {loading && <span className={s.muted}>updating…</span>}
        <Button
          size="sm"
          fill="text"
          type="button"
          icon={open ? 'angle-down' : 'angle-right'}
          aria-expanded={open}
          aria-controls={evidenceId}
          onClick={() => setOpen(!open)}
        >
          Evidence
        </Button>
      </div>
      {open && (
        <div id={evidenceId}>
          {result.reasons.length > 0 && (
            <ul className={s.reasons}>
              {result.reasons.map((r) => (
                <li key={r}>{r}</li>
              ))}
            </ul>
          )}
          <table className={s.table}>
            <thead>
              <tr>
                <th>Service</th>
                <th>Signal</th>
                <th>Peak</th>
                <th>Threshold</th>
                <th>Above for</th>
                <th>Since</th>
              </tr>
            </thead>
            <tbody>
              {result.services.flatMap((svc) =>
                svc.signals.map((f) => (
                  <tr key={`${svc.service}-${f.kind}`} title={f.query}>
                    <td>{svc.service}</td>
                    <td>{METRIC_NAME[f.kind]}</td>
                    <td>{f.unavailable ? `unavailable: ${f.unavailable}` : formatMetricValue(f.kind, f.observed)}</td>
                    <td>{formatMetricValue(f.kind, f.threshold)}</td>
                    <td>{f.sustained ? formatDurationMs(f.aboveMs) : '—'}</td>
                    <td>{f.since ? new Date(f.since).toISOString().slice(11, 16) + ' UTC' : '—'}</td>
                  </tr>
                ))
              )}
            </tbody>
          </table>
        </div>
      )}
      {evaluation.uncatalogued.length > 0 && (
        <p className={s.muted}>Not in the service catalog, so not evaluated: {evaluation.uncatalogued.join(', ')}.</p>
      )}
    </section>
  );
}

/**
 * The one reading that justifies the suggested level, in words: "error rate 7.2% over 5% for 8m"
 * (prefixed by the service when several were read). A level raised by a rule alone has no such
 * reading; its first reason says why instead.
 */
export function leadingSignal(result: CorrelationResult): string | undefined {
  const several = result.services.length > 1;
  for (const svc of result.services) {
    const f = svc.signals.find((sig) => sig.sustained && !sig.unavailable && sig.level === result.severity);
    if (f) {
      const reading =
        `${METRIC_NAME[f.kind].toLowerCase()} ${formatMetricValue(f.kind, f.observed)} over ` +
        `${formatMetricValue(f.kind, f.threshold)} for ${formatDurationMs(f.aboveMs)}`;
      return several ? `${svc.service} ${reading}` : reading;
    }
  }
  return result.reasons[0];
}

/** What set-up would have given a suggestion: Prometheus first, then the catalog (unknown outside the app). */
function missingSetup(evaluation: Evaluation, setup: ReturnType<typeof useSetup>): SetupGap | undefined {
  if (!setup) {
    return undefined;
  }
  if (!setup.prometheus) {
    return 'prometheus';
  }
  return !setup.catalog || evaluation.uncatalogued.length > 0 ? 'catalog' : undefined;
}

const getStyles = (theme: GrafanaTheme2) => ({
  box: css({
    border: `1px solid ${theme.colors.border.weak}`,
    borderRadius: theme.shape.radius.default,
    padding: theme.spacing(1, 1.5),
    marginBottom: theme.spacing(1),
    background: theme.colors.background.secondary,
  }),
  head: css({ display: 'flex', alignItems: 'center', gap: theme.spacing(1), flexWrap: 'wrap' }),
  reasons: css({ margin: theme.spacing(1, 0, 1, 2.5) }),
  table: css({
    width: '100%',
    fontSize: theme.typography.bodySmall.fontSize,
    'th, td': { padding: theme.spacing(0.25, 1, 0.25, 0), textAlign: 'left' },
  }),
  muted: css({ color: theme.colors.text.secondary, fontSize: theme.typography.bodySmall.fontSize }),
});
