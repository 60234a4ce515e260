import { schedulerEventText } from './timeline';

describe('schedulerEventText', () => {
  it('says what the scheduler did and who was notified', () => {
    expect(
      schedulerEventText('escalation', {
        firing: 'escalation_rule',
        rule: 'p3-persists',
        from: 'P3',
        to: 'P2',
        applied: true,
        channels: ['ops'],
      })
    ).toBe('escalated automatically from P3 to P2 (rule p3-persists); notified ops');
    expect(
      schedulerEventText('escalation', {
        firing: 'escalation_rule',
        rule: 'p2-no-mitigation',
        to: 'P1',
        applied: false,
      })
    ).toBe('escalation to P1 is due (rule p2-no-mitigation); the incident commander decides');
    expect(schedulerEventText('escalation', { firing: 'tier', who: 'Tech lead', channels: [] })).toBe(
      'escalation tier reached: engage Tech lead'
    );
    expect(schedulerEventText('update_due', { missed: 3 })).toBe('a stakeholder update is overdue (3 periods missed)');
    expect(schedulerEventText('update_due', { channels: ['ops', 'status'] })).toBe(
      'a stakeholder update is overdue; notified ops, status'
    );
  });

  it('reports deliveries once each way', () => {
    expect(schedulerEventText('notification_delivered', { channel: 'ops', attempts: 2 })).toBe(
      'notification delivered to ops'
    );
    expect(
      schedulerEventText('notification_failed', {
        channel: 'ops',
        error: 'not delivered after 8 attempt(s): the receiver answered 500',
      })
    ).toBe('notification to ops failed: not delivered after 8 attempt(s): the receiver answered 500');
  });

  it('names the people a tier paged, by which methods, and whom it could not reach', () => {
    expect(
      schedulerEventText('escalation', {
        firing: 'tier',
        who: 'On-call engineer',
        channels: [],
        paged: [{ login: 'dave', via: ['email', 'ntfy'], through: 'schedule primary' }],
        unreached: ['nobody is on call in schedule weekend'],
      })
    ).toBe(
      'escalation tier reached: engage On-call engineer; paged dave by email and ntfy (nobody is on call in schedule weekend)'
    );
    expect(
      schedulerEventText('notification_delivered', { channel: 'page/dave/mail', recipient: 'dave', via: 'email' })
    ).toBe('page delivered to dave by email');
    expect(
      schedulerEventText('notification_failed', {
        channel: 'page/dave/mail',
        recipient: 'dave',
        via: 'email',
        error: 'no mail server',
      })
    ).toBe('page to dave by email failed: no mail server');
  });
});
