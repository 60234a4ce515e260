import { pagingSection } from './pagingSection';

it('round-trips the stored relay, keeping the stored secrets', () => {
  const jsonData = {
    paging: {
      smtp: { host: 'smtp.example.com', port: 587, tls: 'starttls' as const, username: 'warroom', from: 'W <w@x>' },
    },
  };
  const stored = { smtpPassword: true, slackBotToken: true };
  const form = pagingSection.fromSettings(jsonData, stored);
  expect(form.secrets.smtpPassword.configured).toBe(true);
  expect(pagingSection.toSettings(form, stored)).toEqual({ jsonData, secureJsonData: undefined });
});

it('sends a typed password and token as secrets, never in jsonData', () => {
  const form = {
    ...pagingSection.fromSettings(undefined, {}),
    host: ' mail.local ',
    port: '1025',
    tls: 'none' as const,
    secrets: {
      smtpPassword: { configured: false, value: 'pw' },
      slackBotToken: { configured: false, value: 'xoxb-1' },
    },
  };
  expect(pagingSection.toSettings(form, {})).toEqual({
    jsonData: { paging: { smtp: { host: 'mail.local', port: 1025, tls: 'none' } } },
    secureJsonData: { smtpPassword: 'pw', slackBotToken: 'xoxb-1' },
  });
});

it('writes no relay without a host, and refuses a port that is not a number', () => {
  const empty = pagingSection.fromSettings(undefined, {});
  expect(pagingSection.toSettings(empty, {}).jsonData).toEqual({ paging: undefined });
  expect(pagingSection.validate?.({ ...empty, host: 'x', port: 'abc' })?.fields).toEqual([
    { path: 'paging.smtp.port', message: 'must be a whole number, or empty for the usual port' },
  ]);
});
