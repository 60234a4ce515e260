// Test data of the diagnostics UI, shaped like the back end's answers (docs/api.md "Diagnostics").
import type { DiagnosticFinding, DiagnosticsRun, DiagnosticsState, SuggestedRunbook } from '../api/types';

export function aFinding(overrides: Partial<DiagnosticFinding> = {}): DiagnosticFinding {
  return {
    check: 'aws.elbv2.target_health',
    service: 'checkout',
    title: 'Target group health',
    status: 'critical',
    summary: '1 of 3 targets unhealthy in checkout-tg (i-0abc: unused, Target.InvalidState).',
    details: [
      {
        title: 'Targets of checkout-tg',
        columns: ['Target', 'Port', 'State', 'Reason'],
        rows: [['i-0abc', '80', 'unused', 'Target.InvalidState']],
      },
    ],
    started: '2026-11-29T10:00:00Z',
    took: 120e6,
    ...overrides,
  };
}

export function aSuggestion(overrides: Partial<SuggestedRunbook> = {}): SuggestedRunbook {
  return {
    service: 'checkout',
    reasons: ['Connections are at 90% or more of max_connections (connections_ratio = 0.93)'],
    remediations: { 'terminate-idle-backends': 'orders' },
    runbook: {
      id: 'db-pool-exhausted',
      title: 'Database connection pool exhausted',
      service: 'checkout',
      symptoms: ['Errors: "too many connections"'],
      checks: ['postgres.connections'],
      match: [],
      options: [
        {
          title: 'Kill idle connections older than 10 minutes',
          commands: [
            "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE state = 'idle' AND now() - state_change > interval '10 minutes';",
          ],
          remediation: 'terminate-idle-backends',
        },
        {
          title: 'Restart the application to reset its connection pool',
          commands: ['aws ecs update-service --cluster prod --service checkout --force-new-deployment'],
          remediation: 'ecs-force-new-deployment',
        },
      ],
    },
    ...overrides,
  };
}

export function aRun(overrides: Partial<DiagnosticsRun> = {}): DiagnosticsRun {
  return {
    id: 'diag-1',
    incidentId: 'INC-2026-11-29-001',
    state: 'finished',
    total: 2,
    done: 2,
    startedBy: 'eddie',
    startedAt: '2026-11-29T10:00:00Z',
    finishedAt: '2026-11-29T10:00:03Z',
    summary: { status: 'critical', counts: { critical: 1, error: 1 }, tookMs: 3000 },
    findings: [
      aFinding(),
      aFinding({
        check: 'aws.ecs.service',
        title: 'ECS service',
        status: 'error',
        summary: 'The check could not run.',
        error: 'ECS DescribeServices was throttled by AWS (ThrottlingException: Rate exceeded) after 3 attempts',
        details: [],
      }),
    ],
    suggestions: [aSuggestion()],
    ...overrides,
  };
}

export function aDiagnosticsState(overrides: Partial<DiagnosticsState> = {}): DiagnosticsState {
  return { run: null, available: true, remediations: [], ...overrides };
}
