import {
  catalogJson,
  draftOf,
  errorsOfService,
  postgresTargetNames,
  selectorOf,
  serviceNameOf,
  serviceOf,
  servicesFromLabel,
  withServices,
} from './catalogEdit';

describe('building selectors and names from a label value', () => {
  it.each([
    ['service', 'checkout', 'service="checkout"'],
    ['job', 'api "v2"\\edge', 'job="api \\"v2\\"\\\\edge"'],
  ])('%s=%s reads back as PromQL would', (label, value, selector) => {
    expect(selectorOf(label, value)).toBe(selector);
  });

  it.each([
    ['checkout', 'checkout'],
    ['Checkout API', 'checkout-api'],
    ['__internal/queue:v2', 'internal-queue-v2'],
    ['orders.eu_west-1', 'orders.eu_west-1'],
    ['---', ''],
  ])('%s is named %j', (value, name) => {
    expect(serviceNameOf(value)).toBe(name);
  });

  it('cuts names at the 100 characters the back end allows', () => {
    expect(serviceNameOf('x'.repeat(150))).toBe('x'.repeat(100));
  });
});

describe('adding all services from a label', () => {
  it('adds one service per value and skips names taken, by the catalog or by an earlier value', () => {
    const existing = [{ name: 'cart', selector: 'job="cart"' }];
    const { added, skipped } = servicesFromLabel(existing, 'service', ['checkout', 'cart', 'Checkout', 'search', '!!']);
    expect(added).toEqual([
      { name: 'checkout', selector: 'service="checkout"' },
      { name: 'search', selector: 'service="search"' },
    ]);
    expect(skipped).toEqual(['cart', 'Checkout', '!!']);
  });
});

describe('the form and the catalog entry', () => {
  it('reads an entry into the form and writes back only what is set, trimmed', () => {
    const service = {
      name: 'orders',
      selector: 'service="orders"',
      healthUrl: 'http://orders:3001/health',
      aws: { region: 'us-east-1', rdsInstance: 'orders-db' },
      postgres: 'orders',
    };
    expect(serviceOf(draftOf(service))).toEqual(service);

    const draft = draftOf();
    draft.name = ' checkout ';
    draft.selector = 'service="checkout"';
    draft.healthUrl = '  ';
    draft.aws.region = ' ';
    expect(serviceOf(draft)).toEqual({ name: 'checkout', selector: 'service="checkout"' });
  });
});

describe('the back end’s refusals', () => {
  it('puts services[i] errors at the fields of service i, relative to it', () => {
    const fields = [
      { path: 'services[1].selector', message: 'must be label matchers' },
      { path: 'services[1].aws.region', message: 'not an AWS region' },
      { path: 'services[10].name', message: 'is required' },
      { path: 'services', message: 'at most 500 services' },
    ];
    expect(errorsOfService(fields, 1)).toEqual([
      { path: 'selector', message: 'must be label matchers' },
      { path: 'aws.region', message: 'not an AWS region' },
    ]);
    expect(errorsOfService(fields, 10)).toEqual([{ path: 'name', message: 'is required' }]);
  });
});

describe('what is saved', () => {
  it('replaces only services and keeps every other jsonData key as read', () => {
    const current = {
      prometheus: { url: 'http://prometheus:9090' },
      queries: { rateWindow: '1m' },
      severityLabels: 'SEV' as const,
      services: [{ name: 'old', selector: 'job="old"' }],
    };
    const services = [{ name: 'checkout', selector: 'service="checkout"' }];
    expect(withServices(current, services)).toEqual({ ...current, services });
    const { services: _gone, ...rest } = current;
    expect(withServices(current, [])).toEqual(rest);
    expect(withServices(null, services)).toEqual({ services });
  });

  it('exports the catalog as the jsonData.services array', () => {
    const services = [{ name: 'checkout', selector: 'service="checkout"' }];
    expect(JSON.parse(catalogJson(services))).toEqual(services);
  });

  it('offers the PostgreSQL targets with a DSN and those the catalog names', () => {
    expect(
      postgresTargetNames([{ name: 'a', postgres: 'orders' }, { name: 'b' }], {
        'postgres.main': true,
        'postgres.old': false,
        postgresDsn: true,
      })
    ).toEqual(['main', 'orders']);
  });
});
