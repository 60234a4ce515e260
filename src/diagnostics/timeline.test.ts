import { aSuggestion } from './fixtures';
import { diagnosticsEventText } from './timeline';

function suggesting(title: string) {
  const s = aSuggestion();
  return { ...s, runbook: { ...s.runbook, title } };
}

it('describes a diagnostics run by its verdict, counts and suggested runbooks', () => {
  expect(
    diagnosticsEventText('diagnostics_run', {
      status: 'critical',
      counts: { ok: 12, critical: 2, error: 1 },
      suggestions: [suggesting('Service down'), suggesting('Service down'), suggesting('Memory leak / OOM')],
    })
  ).toBe('ran diagnostics (critical): 2 critical, 1 check failed, 12 ok; suggested: Service down, Memory leak / OOM');
});

it('describes a remediation by its outcome', () => {
  expect(
    diagnosticsEventText('remediation_run', {
      ok: true,
      resource: 'orders',
      result: {
        action: 'terminate-idle-backends',
        service: 'checkout',
        summary: 'Terminated 2 backends idle for more than 10m0s on orders.',
        started: '2026-11-19T10:30:00Z',
        took: 1_200_000_000,
      },
    })
  ).toBe('remediation: Terminated 2 backends idle for more than 10m0s on orders.');
  expect(
    diagnosticsEventText('remediation_run', {
      ok: false,
      resource: 'checkout-asg',
      error: 'AccessDenied',
      result: {
        action: 'asg-instance-refresh',
        service: 'checkout',
        summary: '',
        started: '0001-01-01T00:00:00Z',
        took: 0,
      },
    })
  ).toBe('remediation Start an Auto Scaling instance refresh on checkout-asg failed: AccessDenied');
});

it('reads a row that lacks fields', () => {
  expect(diagnosticsEventText('diagnostics_run', {})).toBe('ran diagnostics (?): no checks');
  expect(diagnosticsEventText('remediation_run', {})).toBe('remediation ? on ? failed: unknown error');
});
