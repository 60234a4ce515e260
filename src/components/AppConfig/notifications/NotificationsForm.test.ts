import {
  channelSecretUpdate,
  channelsFrom,
  missingChannelSecrets,
  newChannel,
  notificationsJsonData,
  renameChannel,
} from './NotificationsForm';

const stored = { notifyUrl_ops: true, notifyUrl_pager: true, notifySecret_pager: true, notifyUrl_old: true };
const data = {
  channels: [
    { name: 'ops', kind: 'slack' as const },
    { name: 'pager', kind: 'webhook' as const, severities: ['P1' as const], events: ['escalation' as const] },
  ],
};

describe('notification channel settings', () => {
  it('shows stored secrets as configured, never their values', () => {
    const channels = channelsFrom(data, stored);
    expect(channels.map((c) => [c.name, c.url.configured, c.secret.configured, c.url.value])).toEqual([
      ['ops', true, false, ''],
      ['pager', true, true, ''],
    ]);
  });

  it('sends only what changed, and clears secrets of removed channels', () => {
    const channels = channelsFrom(data, stored);
    expect(channelSecretUpdate(stored, channels)).toEqual({ notifyUrl_old: '' });
    const added = { ...newChannel(), name: 'status', kind: 'webhook' as const };
    added.url = { configured: false, value: ' https://status.example.com/in ' };
    added.secret = { configured: false, value: 'k' };
    expect(channelSecretUpdate(stored, [channels[0], added])).toEqual({
      notifyUrl_status: 'https://status.example.com/in',
      notifySecret_status: 'k',
      notifyUrl_pager: '',
      notifySecret_pager: '',
      notifyUrl_old: '',
    });
  });

  it('a renamed channel needs its secrets again; its old ones are cleared', () => {
    const [ops] = channelsFrom(data, stored);
    const renamed = renameChannel(ops, 'ops-room');
    expect(renamed.url).toEqual({ configured: false, value: '' });
    expect(channelSecretUpdate(stored, [renamed])).toEqual({
      notifyUrl_ops: '',
      notifyUrl_pager: '',
      notifySecret_pager: '',
      notifyUrl_old: '',
    });
    expect(renameChannel(renamed, 'ops').url.configured).toBe(true);
  });

  it('saves filters only when set', () => {
    expect(notificationsJsonData(channelsFrom(data, stored))).toEqual({
      channels: [
        { name: 'ops', kind: 'slack', severities: undefined, events: undefined },
        { name: 'pager', kind: 'webhook', severities: ['P1'], events: ['escalation'] },
      ],
    });
    expect(notificationsJsonData([])).toBeUndefined();
  });

  it('asks for the secrets the back end cannot check before the save', () => {
    const [ops, pager] = channelsFrom(data, stored);
    expect(missingChannelSecrets([ops, pager])).toEqual([]);
    const added = { ...newChannel(), name: 'hook', kind: 'webhook' as const };
    expect(missingChannelSecrets([ops, added]).map((f) => f.path)).toEqual([
      'notifications.channels[1].url',
      'notifications.channels[1].secret',
    ]);
    expect(missingChannelSecrets([renameChannel(ops, 'ops2')]).map((f) => f.path)).toEqual([
      'notifications.channels[0].url',
    ]);
  });
});
