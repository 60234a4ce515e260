import type { TimelineEvent } from '../api/types';
import { anEvent } from '../testing/fixtures';
import { describeEvent, eventText } from './timelineText';

const line = (kind: TimelineEvent['kind'], payload: Record<string, unknown>) =>
  describeEvent(anEvent({ kind, payload }));

it('gives every event kind of the contract a readable line', () => {
  const cases: Array<[TimelineEvent['kind'], Record<string, unknown>, string]> = [
    ['declared', { severity: 'P1', services: ['api', 'db'] }, 'declared the incident as P1 affecting api, db'],
    ['note', { text: 'hi' }, 'added a note'],
    ['status_changed', { from: 'investigating', to: 'identified' }, 'changed status from investigating to identified'],
    ['severity_changed', { from: 'P3', to: 'P2' }, 'changed severity from P3 to P2'],
    ['title_changed', { from: 'a', to: 'b' }, 'changed title from a to b'],
    ['reopened', { from: 'resolved', to: 'investigating', reason: 'back' }, 'reopened the incident as Investigating'],
    ['step_completed', { step: 'postmortem' }, 'completed the step Post-mortem'],
    [
      'checklist_changed',
      { id: 'ticket', text: 'Create incident ticket', done: true },
      'checked “Create incident ticket”',
    ],
    [
      'checklist_changed',
      { id: 'ticket', text: 'Create incident ticket', done: false },
      'unchecked “Create incident ticket”',
    ],
    [
      'roles_changed',
      { from: { responders: [] }, to: { commander: 'alice', responders: ['bob', 'carol'] } },
      'set the roles: commander alice, responders bob, carol',
    ],
    ['roles_changed', { to: { responders: [] } }, 'set the roles: nobody'],
    ['customer_reports_changed', { from: 1, to: 4 }, 'changed customer reports from 1 to 4'],
    [
      'flags_changed',
      {
        from: { dataIntegrityAtRisk: true, securityBreach: false },
        to: { dataIntegrityAtRisk: false, securityBreach: true },
      },
      'cleared data integrity at risk and flagged security breach',
    ],
    ['status_update', { subject: 's', body: 'b' }, 'posted a status update'],
    ['postmortem_updated', { actionItems: 2 }, 'updated the post-mortem (2 action items)'],
    ['postmortem_updated', {}, 'updated the post-mortem'],
    [
      'declared',
      { severity: 'P3', services: ['api'], suggested: 'P2', evidence: ['api: error rate 7% above 5% for 8m'] },
      'declared the incident as P3 affecting api (metrics suggested P2)',
    ],
    // Declared with evidence but no level justified: the back end records suggested "".
    [
      'declared',
      { severity: 'P4', services: ['api'], suggested: '', evidence: [] },
      'declared the incident as P4 affecting api',
    ],
    [
      'alert_firing',
      { alertname: 'CheckoutErrors', summary: 'Checkout 5xx above 5%' },
      'alert CheckoutErrors firing: Checkout 5xx above 5%',
    ],
    ['alert_firing', { alertname: 'CheckoutErrors', summary: '' }, 'alert CheckoutErrors firing'],
    ['alert_resolved', { alertname: 'CheckoutErrors' }, 'alert CheckoutErrors resolved'],
    ['alert_resolved', {}, 'alert ? resolved'],
    [
      'severity_suggested',
      { current: 'P3', suggested: 'P2', direction: 'upgrade', applied: false },
      'metrics suggest an upgrade from P3 to P2',
    ],
    [
      'severity_suggested',
      { current: 'P3', suggested: 'P1', direction: 'upgrade', applied: true, rule: 'errors-p1' },
      'metrics suggest an upgrade from P3 to P1 (applied by policy)',
    ],
    [
      'severity_suggested',
      { current: 'P1', suggested: 'P3', direction: 'downgrade', applied: false },
      'metrics suggest a downgrade from P1 to P3',
    ],
    [
      'severity_suggested',
      { current: 'P2', suggested: '', direction: 'recovered', applied: false },
      'metrics are back under every threshold',
    ],
    [
      'severity_suggested',
      { current: 'P2', suggested: 'P2', direction: 'match', applied: false },
      'metrics now justify the current severity P2',
    ],
  ];
  for (const [kind, payload, expected] of cases) {
    expect(line(kind, payload)).toBe(expected);
  }
});

describe('the text under an event', () => {
  const text = (kind: TimelineEvent['kind'], payload: Record<string, unknown>) => eventText(anEvent({ kind, payload }));

  it('lists the reasons of a metric suggestion one per line', () => {
    expect(
      text('severity_suggested', {
        direction: 'upgrade',
        reasons: ['api: error rate 21% above 5% for 12m', 7, 'db: p99 latency 2.4 s above 800 ms for 6m'],
      })
    ).toBe('api: error rate 21% above 5% for 12m\ndb: p99 latency 2.4 s above 800 ms for 6m');
    expect(text('severity_suggested', { direction: 'recovered', reasons: [] })).toBeUndefined();
    expect(text('severity_suggested', { direction: 'recovered' })).toBeUndefined();
  });

  it('lists the evidence the declarer saw under "declared", and nothing when there was none', () => {
    expect(
      text('declared', {
        severity: 'P2',
        suggested: 'P2',
        evidence: ['api: error rate 7% above 5%', 'rule p3-persists'],
      })
    ).toBe('api: error rate 7% above 5%\nrule p3-persists');
    expect(text('declared', { severity: 'P2', services: ['api'] })).toBeUndefined();
  });

  it('is a note’s text, or the reason given for a change', () => {
    expect(text('note', { text: 'Rolling back' })).toBe('Rolling back');
    expect(text('severity_changed', { from: 'P3', to: 'P2', reason: 'Customers report failures' })).toBe(
      'Customers report failures'
    );
    expect(text('alert_firing', { alertname: 'CheckoutErrors' })).toBeUndefined();
  });
});

it('says how the impact start changed, with the reason as the event’s text', () => {
  const event = anEvent({
    kind: 'impact_changed',
    payload: { from: '2026-11-29T09:40:00Z', to: '2026-11-29T09:25:00Z', reason: 'the deploy at 09:25' },
  });
  expect(describeEvent(event)).toBe('changed the impact start from 2026-11-29 09:40 to 2026-11-29 09:25');
  expect(eventText(event)).toBe('the deploy at 09:25');
});
