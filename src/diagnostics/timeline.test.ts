import { diagnosticsEventText } from './timeline';

it('describes a diagnostics run by its verdict, counts and suggested runbooks', () => {
  expect(
    diagnosticsEventText('diagnostics_run', {
      status: 'critical',
      counts: { ok: 12, critical: 2, error: 1 },
      suggestions: [
        { runbook: { title: 'Service down' } },
        { runbook: { title: 'Service down' } },
        { runbook: { title: 'Memory leak / OOM' } },
      ],
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
        summary: 'Terminated 2 backends idle for more than 10m0s on orders.',
      },
    })
  ).toBe('remediation: Terminated 2 backends idle for more than 10m0s on orders.');
  expect(
    diagnosticsEventText('remediation_run', {
      ok: false,
      resource: 'checkout-asg',
      error: 'AccessDenied',
      result: { action: 'asg-instance-refresh' },
    })
  ).toBe('remediation Start an Auto Scaling instance refresh on checkout-asg failed: AccessDenied');
});
