import { secretsFrom, secretUpdate } from './secrets';

describe('secretUpdate', () => {
  const stored = { postgresDsn: true, grafanaToken: true };
  const keys = ['postgresDsn', 'prometheusToken', 'grafanaToken', 'alertWebhookSecret'] as const;

  it('sends nothing while every secret is kept or left empty', () => {
    expect(secretUpdate(stored, secretsFrom(stored, keys))).toBeUndefined();
  });

  it('sends typed values, and empty values for stored secrets that were reset', () => {
    const secrets = secretsFrom(stored, keys);
    secrets.postgresDsn = { configured: false, value: '' };
    secrets.alertWebhookSecret = { configured: false, value: ' s3cret ' };
    secrets.prometheusToken = { configured: false, value: '   ' };
    expect(secretUpdate(stored, secrets)).toEqual({ postgresDsn: '', alertWebhookSecret: 's3cret' });
  });

  it('drops values typed into fields not in use, but still removes reset ones', () => {
    const secrets = secretsFrom(stored, keys);
    secrets.grafanaToken = { configured: false, value: 'glsa_new' };
    secrets.prometheusToken = { configured: false, value: 'tok' };
    expect(secretUpdate(stored, secrets, (key) => key !== 'grafanaToken' && key !== 'prometheusToken')).toEqual({
      grafanaToken: '',
    });
  });
});
