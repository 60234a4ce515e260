import React, { useState } from 'react';
import { css } from '@emotion/css';
import type { GrafanaTheme2 } from '@grafana/data';
import { Button, ClipboardButton, ControlledCollapse, useStyles2 } from '@grafana/ui';

import type { RemediationAction, SuggestedRunbook } from '../../../api/types';
import { REMEDIATION_LABEL } from '../../../diagnostics/format';
import { RemediationModal } from './RemediationModal';

interface Props {
  incidentId: string;
  suggestion: SuggestedRunbook;
  /** Admins see the remediation buttons; the back end checks the role and the setting again. */
  canRemediate: boolean;
  onRemediated: () => void;
}

/**
 * A suggested runbook, folded to its title until opened: why, its symptoms, and each resolution
 * option with the exact commands to copy. Folded because a run suggests several and each is a screen long.
 */
export function RunbookCard({ incidentId, suggestion, canRemediate, onRemediated }: Props) {
  const s = useStyles2(getStyles);
  const { runbook, service, reasons } = suggestion;
  const [confirming, setConfirming] = useState<{ action: RemediationAction; resource: string }>();
  return (
    <article aria-label={`Runbook: ${runbook.title} (${service})`}>
      <ControlledCollapse
        isOpen={false}
        label={
          <span>
            {runbook.title} <span className={s.muted}>— {service}</span>
          </span>
        }
      >
        <h5>Why it is suggested</h5>
        <ul>
          {reasons.map((r, i) => (
            <li key={i}>{r}</li>
          ))}
        </ul>
        <h5>Symptoms</h5>
        <ul>
          {runbook.symptoms.map((sym, i) => (
            <li key={i}>{sym}</li>
          ))}
        </ul>
        <h5>Resolution options</h5>
        <ol className={s.options}>
          {runbook.options.map((o, i) => {
            const resource = o.remediation ? suggestion.remediations?.[o.remediation] : undefined;
            return (
              <li key={i}>
                <strong>{o.title}</strong>
                {o.description && <p className={s.muted}>{o.description}</p>}
                {(o.commands ?? []).map((cmd, j) => (
                  <div key={j} className={s.command}>
                    <pre className={s.pre}>
                      <code>{cmd}</code>
                    </pre>
                    <ClipboardButton
                      icon="copy"
                      variant="secondary"
                      size="sm"
                      getText={() => cmd}
                      aria-label={`Copy command ${j + 1} of option ${i + 1}`}
                    >
                      Copy
                    </ClipboardButton>
                  </div>
                ))}
                {canRemediate && o.remediation && resource && (
                  <Button
                    size="sm"
                    variant="destructive"
                    icon="bolt"
                    onClick={() => setConfirming({ action: o.remediation!, resource })}
                  >
                    Run: {REMEDIATION_LABEL[o.remediation]}
                  </Button>
                )}
              </li>
            );
          })}
        </ol>
        {runbook.missing && runbook.missing.length > 0 && (
          <p className={s.muted}>
            The service catalog does not name {runbook.missing.join(', ')}; those stay as &lt;placeholders&gt; in the
            commands.
          </p>
        )}
        {runbook.invalid && runbook.invalid.length > 0 && (
          <p className={s.muted}>
            The catalog values of {runbook.invalid.join(', ')} are not valid names for their kind; they stay as
            &lt;placeholders&gt; in the commands. Fix them in the service catalog.
          </p>
        )}
      </ControlledCollapse>
      {confirming && (
        <RemediationModal
          incidentId={incidentId}
          service={service}
          action={confirming.action}
          resource={confirming.resource}
          onDismiss={() => setConfirming(undefined)}
          onDone={onRemediated}
        />
      )}
    </article>
  );
}

const getStyles = (theme: GrafanaTheme2) => ({
  options: css({ paddingLeft: theme.spacing(2), li: { marginBottom: theme.spacing(1.5) } }),
  command: css({ display: 'flex', gap: theme.spacing(1), alignItems: 'flex-start', margin: theme.spacing(0.5, 0) }),
  pre: css({ flex: 1, margin: 0, whiteSpace: 'pre-wrap', wordBreak: 'break-all' }),
  muted: css({ color: theme.colors.text.secondary }),
});
