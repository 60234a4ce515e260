import { secretsFrom, secretUpdate } from './secrets';
import { parseCatalog, signalFormFrom, signalJsonData } from './signalForm';

describe('parseCatalog', () => {
  it.each([
    ['', {}],
    ['  ', {}],
    ['[]', { services: undefined }],
    ['[{"name":"checkout"}]', { services: [{ name: 'checkout' }] }],
  ])('reads %j', (text, want) => {
    expect(parseCatalog(text)).toEqual(want);
  });

  it.each([
    ['[{"name":', /^not valid JSON: /],
    ['{"name":"checkout"}', /^must be a JSON array of services/],
    ['["checkout"]', /^must be a JSON array of services/],
    ['[null]', /^must be a JSON array of services/],
    ['[[]]', /^must be a JSON array of services/],
  ])('refuses %j', (text, message) => {
    expect(parseCatalog(text)).toEqual({ error: expect.stringMatching(message) });
  });
});

describe('secretUpdate', () => {
  const stored = { postgresDsn: true, grafanaToken: true };

  it('sends nothing while every secret is kept or left empty', () => {
    expect(secretUpdate(stored, secretsFrom(stored))).toBeUndefined();
  });

  it('sends typed values, and empty values for stored secrets that were reset', () => {
    const secrets = secretsFrom(stored);
    secrets.postgresDsn = { configured: false, value: '' };
    secrets.alertWebhookSecret = { configured: false, value: ' s3cret ' };
    secrets.prometheusToken = { configured: false, value: '   ' };
    expect(secretUpdate(stored, secrets)).toEqual({ postgresDsn: '', alertWebhookSecret: 's3cret' });
  });

  it('drops values typed into fields not in use, but still removes reset ones', () => {
    const secrets = secretsFrom(stored);
    secrets.grafanaToken = { configured: false, value: 'glsa_new' };
    secrets.prometheusToken = { configured: false, value: 'tok' };
    expect(secretUpdate(stored, secrets, (key) => key !== 'grafanaToken' && key !== 'prometheusToken')).toEqual({
      grafanaToken: '',
    });
  });
});

it('round-trips stored signal settings unchanged', () => {
  const jsonData = {
    services: [{ name: 'checkout', selector: 'service="checkout"' }],
    queries: { rateWindow: '1m' },
    prometheus: { datasourceUid: 'prom', timeout: '5s' },
    reevaluateEvery: 'off',
  };
  const form = signalFormFrom(jsonData);
  expect(form.mode).toBe('datasource');
  expect(signalJsonData(form, jsonData.services)).toEqual(jsonData);
});
