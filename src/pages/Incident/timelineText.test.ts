import type { TimelineEvent } from '../../api/types';
import { anEvent } from '../../testing/fixtures';
import { describeEvent } from './timelineText';

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
  ];
  for (const [kind, payload, expected] of cases) {
    expect(line(kind, payload)).toBe(expected);
  }
});
