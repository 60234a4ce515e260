// Checks what the production build leaves in dist/, as Grafana will read it.
// Prints one line per check and ends with "N passed, N failed".
import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { gzipSync } from 'node:zlib';

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
  for (const marker of [
    '__SECRET_INTERNALS_DO_NOT_USE',
    '__CLIENT_INTERNALS_DO_NOT_USE',
    'react.production',
    'ReactCurrentOwner',
    'getDefaultTimeRange=',
  ]) {
    assert(!js.includes(marker), `found ${marker}`);
  }
});

// Sizes (issue 18, docs/benchmarks.md "Front end"): Grafana loads module.js on every page of every
// user, so it holds only the lazy imports; the incident page's own chunk is the largest one a
// responder waits for. Ceilings, so growth is a choice.
const gzipKB = (f) => gzipSync(readFileSync(new URL(f, dist))).length / 1024;
check('module.js is at most 10 KB gzip', () => {
  const kb = gzipKB('module.js');
  console.log(`      module.js ${kb.toFixed(1)} KB gzip`);
  assert(kb <= 10, `module.js is ${kb.toFixed(1)} KB gzip`);
});
check("the incident page's chunk is at most 25 KB gzip", () => {
  const kb = gzipKB('pages_Incident_IncidentPage_tsx.js');
  console.log(`      pages_Incident_IncidentPage_tsx.js ${kb.toFixed(1)} KB gzip`);
  assert(kb <= 25, `the incident page's chunk is ${kb.toFixed(1)} KB gzip`);
});

check('plugin.json has the fields Grafana requires, placeholders filled', () => {
  const p = JSON.parse(read('plugin.json'));
  assert(p.id === 'warroom-incident-app' && p.type === 'app', 'id/type');
  assert(p.backend === true && p.executable === 'gpx_warroom', 'backend/executable');
  assert(p.dependencies?.grafanaDependency === '>=12.3.0', 'grafanaDependency');
  assert(
    /^\d+\.\d+\.\d+/.test(p.info?.version) && /^\d{4}-\d{2}-\d{2}/.test(p.info?.updated),
    'info.version/updated not filled'
  );
  for (const inc of p.includes ?? []) {
    assert(
      inc.type !== 'page' ||
        inc.path?.startsWith('/a/warroom-incident-app/') ||
        inc.path === '/plugins/warroom-incident-app',
      `page path ${inc.path}`
    );
    assert(!inc.role || ['Viewer', 'Editor', 'Admin'].includes(inc.role), `role ${inc.role}`);
  }
  for (const link of p.extensions?.addedLinks ?? []) {
    assert(
      link.title && Array.isArray(link.targets) && link.targets.length > 0,
      'addedLinks entry needs title and targets'
    );
  }
});

check('logo and README referenced by plugin.json exist', () => {
  const p = JSON.parse(read('plugin.json'));
  for (const f of [p.info.logos.small, p.info.logos.large, 'README.md']) {
    assert(existsSync(new URL(f, dist)), `missing ${f}`);
  }
});

const platforms = ['linux_amd64', 'linux_arm64', 'linux_arm', 'darwin_amd64', 'darwin_arm64', 'windows_amd64.exe'];

check('back-end executables for every platform of the SDK BuildAll', () => {
  for (const f of platforms) {
    const path = new URL(`gpx_warroom_${f}`, dist);
    assert(existsSync(path) && statSync(path).size > 1_000_000, `missing gpx_warroom_${f}`);
  }
});

// Nested plugins: Grafana mounts every plugin.json below the app's dist folder as a child plugin
// whose module is public/plugins/<app id>/<relative dir>/module.js (pkg/plugins/manager/loader/
// assetpath/asset_path.go Module), and lists the app's `includes` of type panel/datasource.
const nestedPlugins = () => {
  const found = [];
  const walk = (dir) => {
    for (const entry of readdirSync(new URL(dir, dist), { withFileTypes: true })) {
      if (entry.isDirectory()) {
        walk(`${dir}${entry.name}/`);
      } else if (entry.name === 'plugin.json' && dir !== '') {
        found.push({ dir, json: JSON.parse(read(`${dir}plugin.json`)) });
      }
    }
  };
  walk('');
  return found;
};

check('nested panel warroom-timers-panel: panels/timers/plugin.json and an AMD module.js beside it', () => {
  const panel = nestedPlugins().find((p) => p.json.id === 'warroom-timers-panel');
  assert(panel, 'no nested plugin.json with id warroom-timers-panel');
  assert(panel.dir === 'panels/timers/', `found in ${panel.dir}, want panels/timers/`);
  assert(panel.json.type === 'panel', `type ${panel.json.type}`);
  const js = read(`${panel.dir}module.js`);
  const m = js.match(/define\(\s*(\[[^\]]*\])/);
  assert(m && JSON.parse(m[1]).includes('@grafana/data'), 'module.js is not an AMD module on @grafana/data');
});

check('every nested plugin has filled placeholders, existing logos, a module.js, and an include in the app', () => {
  const app = JSON.parse(read('plugin.json'));
  const nested = nestedPlugins();
  assert(nested.length > 0, 'no nested plugins');
  for (const { dir, json } of nested) {
    assert(['panel', 'datasource'].includes(json.type), `${dir}: type ${json.type}`);
    assert(/^[a-z0-9]+(-[a-z0-9]+)*-(panel|datasource)$/.test(json.id), `${dir}: id ${json.id}`);
    assert(
      /^\d+\.\d+\.\d+/.test(json.info?.version) && /^\d{4}-\d{2}-\d{2}/.test(json.info?.updated),
      `${dir}: info.version/updated not filled`
    );
    assert(json.dependencies?.grafanaDependency, `${dir}: no grafanaDependency`);
    for (const logo of [json.info?.logos?.small, json.info?.logos?.large]) {
      assert(logo && existsSync(new URL(`${dir}${logo}`, dist)), `${dir}: logo ${logo} missing`);
    }
    assert(existsSync(new URL(`${dir}module.js`, dist)), `${dir}: no module.js`);
    // The catalog's validator (includesnested) matches includes[].path to the nested
    // plugin.json's path in the archive, and the type to its type.
    assert(
      (app.includes ?? []).some((inc) => inc.type === json.type && inc.path === `${dir}plugin.json`),
      `${dir}: the app's includes lack {"type":"${json.type}","path":"${dir}plugin.json"}`
    );
  }
});

check('nested logos live in the nested plugin folder (no "../", no leading "." or "/")', () => {
  for (const { dir, json } of nestedPlugins()) {
    for (const logo of [json.info?.logos?.small, json.info?.logos?.large]) {
      assert(!/^[./]/.test(logo) && !logo.split('/').includes('..'), `${dir}: logo ${logo} leaves its folder`);
    }
  }
});

// Grafana starts a back-end plugin from path.Join(<its folder>, executable + "_<os>_<arch>[.exe]")
// (pkg/plugins/plugins.go executablePath). path.Join is slash-only: on Windows a "../" in a nested
// plugin's executable removes the whole backslashed folder and leaves a bare file name
// (grafana#83416). So the nested data source names a plain "gpx_warroom" and ships its own copies.
check('nested back-end data source: plain executable name, its binaries in its own folder for every platform', () => {
  const backends = nestedPlugins().filter(({ json }) => json.backend);
  assert(backends.length > 0, 'no nested back-end plugin');
  for (const { dir, json } of backends) {
    assert(json.executable && !/[\\/]/.test(json.executable), `${dir}: executable ${json.executable} has a path in it`);
    for (const f of platforms) {
      const nested = new URL(`${dir}${json.executable}_${f}`, dist);
      const root = new URL(`gpx_warroom_${f}`, dist);
      assert(existsSync(nested), `${dir}: missing ${json.executable}_${f}`);
      assert(
        statSync(nested).size === statSync(root).size,
        `${dir}${json.executable}_${f} differs from the app's gpx_warroom_${f}`
      );
      assert(
        f.endsWith('.exe') || (statSync(nested).mode & 0o111) !== 0,
        `${dir}${json.executable}_${f} is not executable`
      );
    }
  }
});

const passed = results.filter(Boolean).length;
console.log(`${passed} passed, ${results.length - passed} failed`);
process.exit(passed === results.length ? 0 : 1);
