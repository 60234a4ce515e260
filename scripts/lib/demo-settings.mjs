// The demo's app settings (scripts/run.sh): reads the current settings on stdin and writes the
// body to POST back. Everything the demo does not own is kept; what it owns is pointed at this
// run's services (their ports change every run):
// - Prometheus: this run's URL;
// - the catalog: every demo service (fleet -demo's DEMO_SERVICES) by its `service` label, the
//   checkout-api with the AWS resources motoseed seeded, the orders-api with the PostgreSQL target
//   demopg holds exhausted; "checkout" and "cart" (the synthetic fleet's) when the catalog is empty;
// - diagnostics: the AWS endpoint override at moto, a 1 min idle age so the held connections show;
// - notifications: a signed webhook channel "demo-webhook" to webhooksink.
// Usage: node demo-settings.mjs < current.json, with the environment variables read below.
const env = (name) => {
  const v = process.env[name];
  if (!v) {
    throw new Error(`${name} is not set`);
  }
  return v;
};
const moto = JSON.parse(env('DEMO_MOTO'));
const PG_TARGET = 'orders-db';
const CHANNEL = 'demo-webhook';

/** Replaces the items of `list` named like one of `items`, appends the rest. */
function upsert(list, items) {
  const names = new Set(items.map((i) => i.name));
  return [...list.filter((i) => !names.has(i.name)), ...items];
}

function demoServices() {
  return env('DEMO_SERVICES')
    .split(',')
    .map((name) => {
      const s = { name, selector: `service="${name}"` };
      if (name === 'checkout-api') {
        s.aws = moto.target;
      }
      if (name === 'orders-api') {
        s.postgres = PG_TARGET;
      }
      return s;
    });
}

let raw = '';
process.stdin.on('data', (d) => (raw += d));
process.stdin.on('end', () => {
  const cur = JSON.parse(raw);
  const jsonData = cur.jsonData || {};
  jsonData.prometheus = { ...(jsonData.prometheus || {}), url: env('DEMO_PROMETHEUS_URL') };
  delete jsonData.prometheus.datasourceUid;
  let services = jsonData.services || [];
  if (services.length === 0) {
    const health = `${env('DEMO_SYNTHETIC_URL')}/control`;
    services = [
      { name: 'checkout', selector: 'service="checkout"', healthUrl: health },
      { name: 'cart', selector: 'service="cart"', healthUrl: health },
    ];
  }
  jsonData.services = upsert(services, demoServices());
  const diagnostics = jsonData.diagnostics || {};
  diagnostics.aws = { authType: 'keys', endpoint: moto.endpoint, defaultRegion: moto.target.region };
  diagnostics.postgres = { ...(diagnostics.postgres || {}), idleAge: '1m' };
  jsonData.diagnostics = diagnostics;
  const channels = (jsonData.notifications && jsonData.notifications.channels) || [];
  jsonData.notifications = { channels: upsert(channels, [{ name: CHANNEL, kind: 'webhook' }]) };
  const secureJsonData = {
    awsAccessKey: 'AKIAWARROOMDEMO',
    awsSecretKey: 'moto-accepts-any-key',
    [`postgres.${PG_TARGET}`]: env('DEMO_POSTGRES_DSN'),
    [`notifyUrl_${CHANNEL}`]: env('DEMO_WEBHOOK_URL'),
    [`notifySecret_${CHANNEL}`]: env('DEMO_WEBHOOK_KEY'),
  };
  console.log(JSON.stringify({ enabled: true, pinned: true, jsonData, secureJsonData }));
});
