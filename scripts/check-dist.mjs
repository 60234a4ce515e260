// Checks what the production build leaves in dist/, as Grafana will read it.
// Prints one line per check and ends with "N passed, N failed".
import { existsSync, readFileSync, statSync } from 'node:fs';

const dist = new URL('../dist/', import.meta.url);
const results = [];
const check = (name, fn) => {
  try {
    fn();
    results.push(true);
    console.log(`ok    ${name}`);
  } catch (e) {
    results.push(false);
    console.log(`FAIL  ${name}: ${e.message}`);
  }
};
const assert = (cond, msg) => {
  if (!cond) {
    throw new Error(msg);
  }
};
const read = (f) => readFileSync(new URL(f, dist), 'utf8');

check('module.js is an AMD module whose define() lists the shared Grafana modules', () => {
  const js = read('module.js');
  const m = js.match(/define\(\s*(\[[^\]]*\])/);
  assert(m && js.indexOf('define(') < 200, 'no define([...]) at the start of module.js');
  const deps = JSON.parse(m[1]);
  for (const dep of ['react', '@grafana/data', '@grafana/ui', '@grafana/runtime']) {
    assert(deps.includes(dep), `define() lacks ${dep}: ${deps.join(', ')}`);
  }
});

check('module.js carries no copy of React or @grafana/*', () => {
  const js = read('module.js');
  for (const marker of ['__SECRET_INTERNALS_DO_NOT_USE', '__CLIENT_INTERNALS_DO_NOT_USE', 'react.production', 'ReactCurrentOwner', 'getDefaultTimeRange=']) {
    assert(!js.includes(marker), `found ${marker}`);
  }
});

check('plugin.json has the fields Grafana requires, placeholders filled', () => {
  const p = JSON.parse(read('plugin.json'));
  assert(p.id === 'warroom-incident-app' && p.type === 'app', 'id/type');
  assert(p.backend === true && p.executable === 'gpx_warroom', 'backend/executable');
  assert(p.dependencies?.grafanaDependency === '>=12.3.0', 'grafanaDependency');
  assert(/^\d+\.\d+\.\d+/.test(p.info?.version) && /^\d{4}-\d{2}-\d{2}/.test(p.info?.updated), 'info.version/updated not filled');
  for (const inc of p.includes ?? []) {
    assert(inc.type !== 'page' || inc.path?.startsWith('/a/warroom-incident-app/') || inc.path === '/plugins/warroom-incident-app', `page path ${inc.path}`);
    assert(!inc.role || ['Viewer', 'Editor', 'Admin'].includes(inc.role), `role ${inc.role}`);
  }
  for (const link of p.extensions?.addedLinks ?? []) {
    assert(link.title && Array.isArray(link.targets) && link.targets.length > 0, 'addedLinks entry needs title and targets');
  }
});

check('logo and README referenced by plugin.json exist', () => {
  const p = JSON.parse(read('plugin.json'));
  for (const f of [p.info.logos.small, p.info.logos.large, 'README.md']) {
    assert(existsSync(new URL(f, dist)), `missing ${f}`);
  }
});

check('back-end executables for every platform of the SDK BuildAll', () => {
  for (const f of ['linux_amd64', 'linux_arm64', 'linux_arm', 'darwin_amd64', 'darwin_arm64', 'windows_amd64.exe']) {
    const path = new URL(`gpx_warroom_${f}`, dist);
    assert(existsSync(path) && statSync(path).size > 1_000_000, `missing gpx_warroom_${f}`);
  }
});

const passed = results.filter(Boolean).length;
console.log(`${passed} passed, ${results.length - passed} failed`);
process.exit(passed === results.length ? 0 : 1);
