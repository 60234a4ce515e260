import React from 'react';
import { css } from '@emotion/css';
import type { GrafanaTheme2 } from '@grafana/data';
import { Alert, Badge, Button, Spinner, Stack, useStyles2 } from '@grafana/ui';

import type { Incident } from '../../../api/types';
import { hasRole, useRole } from '../../../auth/role';
import { countsText, STATUS_BADGE } from '../../../diagnostics/format';
import { useDiagnostics } from '../../../diagnostics/useDiagnostics';
import { ResourceStatus } from '../../../components/ResourceStatus';
import { SetupHint } from '../../../components/SetupHint';
import { DiagnosticsFindings } from './DiagnosticsFindings';
import { RunbookCard } from './RunbookCard';

interface Props {
  incident: Incident;
  /** A run finished or a remediation ran: both add to the timeline. */
  onTimelineChanged: () => void;
}

/**
 * Diagnostics of the incident's catalogued services: Editors start a run, which answers at once and goes on
 * in the background; everyone sees the findings as they arrive and the runbooks they point to.
 */
export function DiagnosticsSection({ incident, onTimelineChanged }: Props) {
  const s = useStyles2(getStyles);
  const role = useRole();
  const diag = useDiagnostics(incident.id, onTimelineChanged);
  const { state, run } = diag;
  const running = run?.state === 'running';
  const canRun = hasRole(role, 'Editor') && incident.status !== 'resolved' && Boolean(state?.available);

  let body: React.ReactNode;
  if (diag.loadError || !state) {
    body = (
      <ResourceStatus
        resource={{ error: diag.loadError, reload: diag.reload }}
        errorTitle="Could not load diagnostics"
        loadingText="Loading diagnostics…"
      />
    );
  } else if (!run && !state.available) {
    // Unavailable means the catalog names nothing to check for these services.
    body = (
      <SetupHint gap="catalog" title="Nothing to check">
        {sentence(state.reason ?? 'no catalogued checks for these services')}
      </SetupHint>
    );
  } else if (!run) {
    body = <p className={s.muted}>No diagnostics have run for this incident yet.</p>;
  } else {
    body = (
      <>
        <Stack gap={1} alignItems="center" wrap="wrap">
          {running ? (
            <span role="status">
              <Spinner inline /> Running: {run.done} of {run.total} checks done
            </span>
          ) : run.state === 'interrupted' ? (
            <span role="status">
              Interrupted after {run.done} of {run.total} checks (the back end running it stopped); run again.
            </span>
          ) : (
            run.summary && (
              <span role="status">
                <Badge
                  text={STATUS_BADGE[run.summary.status].text}
                  color={STATUS_BADGE[run.summary.status].color}
                  icon={STATUS_BADGE[run.summary.status].icon}
                />{' '}
                {run.total} checks: {countsText(run.summary.counts)}
              </span>
            )
          )}
          <span className={s.muted}>
            started by {run.startedBy} at {new Date(run.startedAt).toLocaleTimeString()}
          </span>
        </Stack>
        {run.suggestions.length > 0 && (
          <section aria-label="Suggested runbooks" className={s.block}>
            <h4>Suggested runbooks</h4>
            {run.suggestions.map((sg) => (
              <RunbookCard
                key={`${sg.service}:${sg.runbook.id}`}
                incidentId={incident.id}
                suggestion={sg}
                canRemediate={hasRole(role, 'Admin') && incident.status !== 'resolved'}
                onRemediated={onTimelineChanged}
              />
            ))}
          </section>
        )}
        <section aria-label="Findings" className={s.block}>
          <h4>Findings</h4>
          {run.findings.length === 0 ? (
            <p className={s.muted}>No check has finished yet.</p>
          ) : (
            <DiagnosticsFindings findings={run.findings} />
          )}
        </section>
      </>
    );
  }

  return (
    <section aria-label="Diagnostics" className={s.section}>
      <Stack justifyContent="space-between" alignItems="center">
        <h3>Diagnostics</h3>
        {canRun && (
          // Secondary: the page's one primary action is the command bar's.
          <Button variant="secondary" icon="play" onClick={diag.start} disabled={diag.starting || running}>
            {running ? 'Running diagnostics…' : run ? 'Run diagnostics again' : 'Run diagnostics'}
          </Button>
        )}
      </Stack>
      {diag.runError && (
        <Alert severity="error" title="Diagnostics">
          {diag.runError.message}
        </Alert>
      )}
      {body}
    </section>
  );
}

/** The back end's lower-case reason as a sentence. */
function sentence(reason: string): string {
  return `${reason.charAt(0).toUpperCase()}${reason.slice(1).replace(/\.?$/, '.')}`;
}

const getStyles = (theme: GrafanaTheme2) => ({
  section: css({ marginBottom: theme.spacing(3) }),
  block: css({ marginTop: theme.spacing(2) }),
  muted: css({ color: theme.colors.text.secondary }),
});
