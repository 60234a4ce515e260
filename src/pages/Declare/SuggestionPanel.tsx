import React from 'react';
import { css } from '@emotion/css';
import type { GrafanaTheme2 } from '@grafana/data';
import { Alert, Badge, Button, LoadingPlaceholder, useStyles2 } from '@grafana/ui';

import type { Evaluation, Severity } from '../../api/types';
import { type SetupGap, SetupHint, useSetup } from '../../components/SetupHint';
import { SEVERITY_COLOR, severityLabel } from '../../incident/severity';
import { useSeverityLabelStyle } from '../../incident/useSeverityLabelStyle';
import { METRIC_NAME, formatDurationMs, formatMetricValue } from '../../metrics/format';
import type { Suggestion } from './useSuggestion';

interface Props {
  suggestion: Suggestion;
  chosen?: Severity;
  onUse: (severity: Severity) => void;
}

/** What the metrics justify, with the evidence, beside the severity choice. */
export function SuggestionPanel({ suggestion, chosen, onUse }: Props) {
  const s = useStyles2(getStyles);
  const labelStyle = useSeverityLabelStyle();
  const { loading, evaluation, error } = suggestion;
  const setup = useSetup();

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
  return (
    <section className={s.panel} aria-label="Severity suggestion">
      <div className={s.head}>
        {suggested ? (
          <>
            <span>Metrics suggest</span>
            <Badge text={severityLabel(suggested, labelStyle)} color={SEVERITY_COLOR[suggested]} />
            {chosen !== suggested && (
              <Button size="sm" variant="secondary" type="button" onClick={() => onUse(suggested)}>
                Use {severityLabel(suggested, labelStyle)}
              </Button>
            )}
          </>
        ) : (
          <span>No signal is above its threshold for long enough to justify an incident level.</span>
        )}
        {loading && <span className={s.muted}>updating…</span>}
      </div>
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
      {evaluation.uncatalogued.length > 0 && (
        <p className={s.muted}>Not in the service catalog, so not evaluated: {evaluation.uncatalogued.join(', ')}.</p>
      )}
    </section>
  );
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
  panel: css({
    border: `1px solid ${theme.colors.border.weak}`,
    borderRadius: theme.shape.radius.default,
    padding: theme.spacing(1.5),
    marginBottom: theme.spacing(2),
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
