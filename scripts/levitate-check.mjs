// Checks the front end against the oldest Grafana of plugin.json's grafanaDependency (>=12.3.0)
// with @grafana/levitate: every export of @grafana/data, @grafana/ui and @grafana/runtime that
// src/module.tsx, src/datasource/module.ts and src/panels/timers/module.tsx (and what they import)
// use must exist, unchanged, in the 12.3.0 packages.
//
// Levitate downloads each package's npm tarball (`npm view … dist.tarball`) and reads its .d.ts
// files; it installs no dependencies, so @grafana/ui 12.3.x's GitHub tarball dependency
// (react-data-grid) is never fetched. Its is-compatible command takes exact versions only (a range
// like 12.3.x resolves to a list and fails), and reports a changed object export such as
// `config` (a class that gained fields) without saying which members changed. So this script runs
// levitate's comparison itself and, for a changed value export, passes it only when every member
// path the code reads from it (config.appUrl, config.bootData.user.orgRole, …) exists in the target
// version's type. A removed export, a changed function or type, or a missing member fails.
//
//   node scripts/levitate-check.mjs [target version, default 12.3.0]
// Prints one line per package and ends with "N passed, N failed".
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

// Levitate unpacks tarballs into os.tmpdir()/<package>@<version>: a private one per run.
const tmp = mkdtempSync(path.join(os.tmpdir(), 'warroom-levitate-'));
process.env.TMPDIR = tmp;
process.on('exit', () => rmSync(tmp, { recursive: true, force: true }));

const root = path.resolve(new URL('..', import.meta.url).pathname);
const lev = path.join(root, '.tools/levitate/node_modules/@grafana/levitate/dist/');
const { getIncompatibilitiesBetweenPackages } = await import(lev + 'comparison/source.js');
const { COMPILER_OPTIONS } = await import(lev + 'utils/typescript.js');
const ts = (await import(path.join(root, '.tools/levitate/node_modules/typescript/lib/typescript.js'))).default;

const target = process.argv[2] ?? '12.3.0';
const packages = ['@grafana/data', '@grafana/ui', '@grafana/runtime'];
process.chdir(root);
// The app's module and the nested plugins' modules (Grafana loads each on its own).
const entries = ['src/module.tsx', 'src/datasource/module.ts', 'src/panels/timers/module.tsx'];
const project = ts.createProgram(entries, COMPILER_OPTIONS);
const checker = project.getTypeChecker();

// Every use of `name` imported from `pkg` in the project, as the chain of property names read
// from it: `config.bootData?.user?.orgRole` → ['bootData', 'user', 'orgRole'].
const memberPaths = (pkg, name) => {
  const paths = [];
  for (const sf of project.getSourceFiles()) {
    if (sf.isDeclarationFile || sf.fileName.includes('/node_modules/')) {
      continue;
    }
    const visit = (node) => {
      if (ts.isIdentifier(node) && node.text === name && !ts.isImportSpecifier(node.parent)) {
        let sym = checker.getSymbolAtLocation(node);
        if (sym && sym.flags & ts.SymbolFlags.Alias) {
          const decl = sym.declarations?.[0];
          const fromPkg = decl && ts.isImportSpecifier(decl) && decl.parent.parent.parent.moduleSpecifier.text === pkg;
          if (fromPkg) {
            const chain = [];
            let n = node;
            while (ts.isPropertyAccessExpression(n.parent) && n.parent.expression === n) {
              chain.push(n.parent.name.text);
              n = n.parent;
            }
            paths.push({
              chain,
              where: `${path.relative(root, sf.fileName)}:${sf.getLineAndCharacterOfPosition(node.getStart()).line + 1}`,
            });
          }
        }
      }
      ts.forEachChild(node, visit);
    };
    visit(sf);
  }
  return paths;
};

// How much of `chain` exists on the type of the changed export in the target version: the number
// of members found, and `unresolved` when the walk reached a type the tarball imports from another
// package (levitate reads one tarball without its dependencies, so such a type is `any` here).
const walk = (change, chain) => {
  const program = change.currentProgram;
  const tc = program.getTypeChecker();
  const sym = change.current;
  const decl = sym.valueDeclaration ?? sym.declarations?.[0];
  if (!decl) {
    return { found: 0 };
  }
  let type = tc.getTypeOfSymbolAtLocation(sym, decl);
  for (let i = 0; i < chain.length; i++) {
    const t = tc.getNonNullableType(type);
    if (t.flags & ts.TypeFlags.Any) {
      return { found: i, unresolved: true };
    }
    const prop = tc.getPropertyOfType(t, chain[i]);
    if (!prop) {
      return { found: i };
    }
    type = tc.getTypeOfSymbolAtLocation(prop, prop.valueDeclaration ?? prop.declarations?.[0] ?? decl);
  }
  return { found: chain.length };
};
const describe = (name, u, w) =>
  `${[name, ...u.chain.slice(0, w.found)].join('.')}${w.found < u.chain.length ? ` (then .${u.chain.slice(w.found).join('.')} on a type from another package, not checked here)` : ''}`;

let passed = 0;
let failed = 0;
for (const pkg of packages) {
  const installed = JSON.parse(readFileSync(path.join(root, 'node_modules', pkg, 'package.json'), 'utf8')).version;
  const problems = [];
  const notes = [];
  let incompatibilities;
  try {
    incompatibilities = await getIncompatibilitiesBetweenPackages(
      project,
      `${pkg}@${installed}`,
      `${pkg}@${target}`,
      {}
    );
  } catch (e) {
    problems.push(`levitate could not compare: ${e.message}`);
    incompatibilities = [];
  }
  const seen = new Set();
  for (const inc of incompatibilities) {
    if (seen.has(inc.name)) {
      continue;
    }
    seen.add(inc.name);
    if (inc.removal) {
      problems.push(`${inc.name} does not exist in ${target}`);
      continue;
    }
    const isValue = inc.change.current.flags & (ts.SymbolFlags.Variable | ts.SymbolFlags.Property);
    const uses = memberPaths(pkg, inc.name);
    if (!isValue || uses.length === 0 || uses.some((u) => u.chain.length === 0)) {
      problems.push(
        `${inc.name} changed between ${installed} and ${target} and is used as a whole (${uses.map((u) => u.where).join(', ')})`
      );
      continue;
    }
    const walked = uses.map((u) => ({ u, w: walk(inc.change, u.chain) }));
    const missing = walked.filter(({ u, w }) => w.found < u.chain.length && !w.unresolved);
    if (missing.length > 0) {
      problems.push(
        missing.map(({ u }) => `${inc.name}.${u.chain.join('.')} does not exist in ${target} (${u.where})`).join('; ')
      );
    } else {
      notes.push(
        `${inc.name} changed, but what the code reads exists in ${target}: ${[...new Set(walked.map(({ u, w }) => describe(inc.name, u, w)))].join(', ')}`
      );
    }
  }
  if (problems.length === 0) {
    passed++;
    console.log(
      `ok    ${pkg}: compatible from ${installed} down to ${target}${notes.length ? ` (${notes.join('; ')})` : ''}`
    );
  } else {
    failed++;
    console.log(`FAIL  ${pkg}@${target}: ${problems.join('; ')}`);
  }
}
console.log(`${passed} passed, ${failed} failed`);
process.exit(failed === 0 ? 0 : 1);
