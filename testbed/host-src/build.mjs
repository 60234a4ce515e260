// Bundles the test-bed host (Grafana front-end stand-in) for one host directory.
// Usage: node build.mjs <hostDir>   (run with the host's own esbuild; see ../hosts/build.sh)
//
// Every bare import made by host-src is resolved from <hostDir>/node_modules, never from the
// plugin's node_modules at the repository root: each host must share ITS React and @grafana/*
// copies with the plugin, exactly as Grafana shares its own copies (sharedDependencies.ts).
import { createRequire } from 'node:module';
import { copyFileSync, cpSync, existsSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const hostDir = path.resolve(process.argv[2] ?? '');
const srcDir = path.dirname(fileURLToPath(import.meta.url));
const outDir = path.join(hostDir, 'build');
const require = createRequire(path.join(hostDir, 'package.json'));
const esbuild = require('esbuild');

// Resolves bare specifiers imported by host-src from the host's node_modules. Deep imports of
// @grafana/* dist files (the ones Grafana reaches through its private "internal" entry points,
// e.g. setPluginPage) bypass the packages' "exports" maps and point at the file itself, so the
// module instance is the same one the package's public index uses.
const hostModules = {
  name: 'host-modules',
  setup(build) {
    build.onResolve({ filter: /^[^./]/ }, async (args) => {
      if (!args.importer.startsWith(srcDir) || args.pluginData === 'host') {
        return undefined;
      }
      const deep = args.path.match(/^(@grafana\/[^/]+)\/(dist\/.+)$/);
      if (deep) {
        const file = path.join(hostDir, 'node_modules', deep[1], deep[2]);
        if (!existsSync(file)) {
          return { errors: [{ text: `${args.path} does not exist in ${hostDir}` }] };
        }
        return { path: file };
      }
      const res = await build.resolve(args.path, { kind: args.kind, resolveDir: hostDir, pluginData: 'host' });
      return res.errors.length ? { errors: res.errors } : { path: res.path, sideEffects: res.sideEffects };
    });
  },
};

mkdirSync(outDir, { recursive: true });
const result = await esbuild.build({
  entryPoints: [path.join(srcDir, 'main.tsx')],
  outfile: path.join(outDir, 'host.js'),
  bundle: true,
  format: 'iife',
  platform: 'browser',
  target: 'es2020',
  jsx: 'automatic',
  // Own compiler options: the repository's tsconfig (the plugin's) must not leak into the host.
  tsconfigRaw: { compilerOptions: { jsx: 'react-jsx', target: 'es2020', useDefineForClassFields: true } },
  minify: true,
  sourcemap: true,
  legalComments: 'none',
  logLevel: 'warning',
  // Grafana's own bundle is a production build: libraries take their production paths.
  // `define: undefined` keeps bundled UMD libraries (lodash, moment…) on their CommonJS path: the
  // AMD extra installs a global define() that must only ever see plugin bundles.
  define: { 'process.env.NODE_ENV': '"production"', global: 'window', define: 'undefined' },
  loader: { '.svg': 'text', '.woff': 'empty', '.woff2': 'empty', '.ttf': 'empty', '.png': 'empty' },
  plugins: [hostModules],
  metafile: true,
});

// Guard: every bundled file must come from host-src or this host's node_modules.
const strays = Object.keys(result.metafile.inputs)
  .filter((f) => !f.includes(':'))
  .map((f) => path.resolve(f))
  .filter((f) => !f.startsWith(srcDir) && !f.startsWith(path.join(hostDir, 'node_modules')));
if (strays.length) {
  console.error(`bundled files from outside ${hostDir}/node_modules:\n${strays.slice(0, 20).join('\n')}`);
  process.exit(1);
}

// One page for both hosts; what differs between them (versions in boot data) stays per host.
copyFileSync(path.join(srcDir, 'index.html'), path.join(outDir, 'index.html'));
copyFileSync(path.join(hostDir, 'bootdata.json'), path.join(outDir, 'bootdata.json'));

// Static assets Grafana serves under its public path (window.__grafana_public_path__, set by
// index.html): @grafana/ui's icon SVGs at build/img/icons/, and the web fonts its GlobalStyles
// declare (themes/GlobalStyles/fonts.mjs) at fonts/ - Inter and Roboto Mono from @fontsource.
const mod = (p) => path.join(hostDir, 'node_modules', p);
cpSync(mod('@grafana/ui/dist/public/img/icons'), path.join(outDir, 'build/img/icons'), { recursive: true });
// Icons Grafana keeps in its own public/img/icons but @grafana/ui does not ship (own drawings).
cpSync(path.join(srcDir, 'assets/icons'), path.join(outDir, 'build/img/icons'), { recursive: true });
const fonts = {
  'inter/Inter-Regular.woff2': '@fontsource/inter/files/inter-latin-400-normal.woff2',
  'inter/Inter-Italic.woff2': '@fontsource/inter/files/inter-latin-400-italic.woff2',
  'inter/Inter-Medium.woff2': '@fontsource/inter/files/inter-latin-500-normal.woff2',
  'inter/Inter-MediumItalic.woff2': '@fontsource/inter/files/inter-latin-500-italic.woff2',
  'roboto/L0xTDF4xlVMF-BfR8bXMIhJHg45mwgGEFl0_3vrtSM1J-gEPT5Ese6hmHSh0mQ.woff2':
    '@fontsource/roboto-mono/files/roboto-mono-latin-400-normal.woff2',
};
for (const [to, from] of Object.entries(fonts)) {
  mkdirSync(path.dirname(path.join(outDir, 'fonts', to)), { recursive: true });
  copyFileSync(mod(from), path.join(outDir, 'fonts', to));
}
console.log(`host built: ${path.relative(process.cwd(), outDir)}/host.js`);
