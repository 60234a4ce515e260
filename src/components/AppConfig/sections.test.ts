import type { AppJsonData } from '../../api/client';
import { aTemplate } from '../../testing/fixtures';
import { alertsSection } from './alerts/alertsSection';
import { catalogSection } from './catalog/catalogSection';
import { prometheusSection } from './metrics/prometheusSection';
import { formsFrom, problemOf, SETTINGS_SECTIONS, settingsOf } from './sections';
import type { ConfigSection } from './shared/section';

it('round-trips stored Prometheus, catalog and alert settings unchanged', () => {
  const jsonData = {
    services: [{ name: 'checkout', selector: 'service="checkout"' }],
    queries: { rateWindow: '1m' },
    prometheus: { datasourceUid: 'prom', timeout: '5s' },
    reevaluateEvery: 'off',
  };
  const form = prometheusSection.fromSettings(jsonData, {});
  expect(form.mode).toBe('datasource');
  const sections = [catalogSection, prometheusSection, alertsSection] as Array<ConfigSection<unknown>>;
  const saved = sections.map((s) => s.toSettings(s.fromSettings(jsonData, {}), {}).jsonData);
  expect(Object.assign({}, ...saved)).toEqual(jsonData);
});

const stored: AppJsonData = {
  dataDir: '/data/warroom',
  severityLabels: 'SEV',
  templates: [aTemplate()],
  services: [{ name: 'checkout', selector: 'service="checkout"', postgres: 'orders' }],
  queries: { requestsMetric: 'requests_total', statusLabel: 'code', durationMetric: 'latency', rateWindow: '2m' },
  prometheus: { url: 'http://prometheus:9090', basicAuthUser: 'warroom', timeout: '10s' },
  reevaluateEvery: '1m',
  diagnostics: {
    aws: { authType: 'keys', defaultRegion: 'eu-west-1' },
    postgres: { idleAge: '5m' },
    runbooks: [{ id: 'x' }],
    remediation: { 'terminate-idle-backends': true },
  },
  notifications: { channels: [{ name: 'ops', kind: 'webhook', severities: ['P1'] }] },
};
const storedSecrets = {
  postgresDsn: true,
  prometheusPassword: true,
  alertWebhookSecret: true,
  awsAccessKey: true,
  awsSecretKey: true,
  'postgres.orders': true,
  notifyUrl_ops: true,
  notifySecret_ops: true,
};

it('sends the stored catalog back exactly as it came, fields this page does not know included', () => {
  const services = [
    { name: 'checkout', selector: 'service="checkout"', aws: { region: 'eu-west-1', ecrRepo: 'checkout' } },
    { name: 'cart', errorRateQuery: 'sum(rate(x[5m]))', futureField: { kept: true } },
  ] as unknown as AppJsonData['services'];
  const saved = settingsOf(formsFrom({ services, severityLabels: 'SEV' }, {}), {}).jsonData;
  expect(saved.services).toBe(services);
  expect(settingsOf(formsFrom({}, {}), {}).jsonData).not.toHaveProperty('services', expect.anything());
});

describe('every section', () => {
  it('saves the stored settings unchanged, and sends no secret when none was touched', () => {
    const saved = settingsOf(formsFrom(stored, storedSecrets), storedSecrets);
    expect(JSON.parse(JSON.stringify(saved.jsonData))).toEqual(stored);
    expect(saved.secureJsonData).toBeUndefined();
  });

  it('writes exactly the jsonData keys it owns, and no key is owned twice', () => {
    const forms = formsFrom(stored, storedSecrets);
    for (const section of SETTINGS_SECTIONS) {
      const written = Object.keys(section.toSettings(forms[section.key], storedSecrets).jsonData);
      expect({ section: section.key, keys: written.sort() }).toEqual({
        section: section.key,
        keys: [...section.owns].sort(),
      });
    }
    const owned = SETTINGS_SECTIONS.flatMap((s) => s.owns);
    expect(new Set(owned).size).toBe(owned.length);
  });

  it('is checked before a save, and every problem is reported at once', () => {
    const forms = formsFrom({}, {});
    expect(problemOf(forms)).toBeUndefined();
    forms.diagnostics = { ...(forms.diagnostics as object), runbooks: '{}' };
    forms.templates = { overrides: [aTemplate({ body: ' ' })], defaultsServed: false };
    expect(problemOf(forms)).toEqual({
      message: 'The runbook overrides cannot be read. Every status update template needs a body.',
      fields: [{ path: 'diagnostics.runbooks', message: 'must be a JSON array of runbooks' }],
    });
  });
});
