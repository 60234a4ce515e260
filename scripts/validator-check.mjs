// Compares a plugin-validator JSON report (plugincheck2 -jsonOutput) with the allow-list.
//   node scripts/validator-check.mjs REPORT.json scripts/validator-allow.json
// Every reported error and warning must match one allow-list entry: same analyzer, rule name and
// severity, and the entry's "title" and "detail" regular expressions (when given) must match; an
// entry allows at most "max" such problems (default 1), so a second violation of the same rule in
// the same file is new and fails. Recommendations are printed as notes and never fail.
// Prints one line per reported problem (ok = allowed, with its reason; FAIL = not allowed) and a
// note for each entry that matched nothing (stale: remove it), then "N passed, N failed".
import { readFileSync } from 'node:fs';

const [reportPath, allowPath] = process.argv.slice(2);
const report = JSON.parse(readFileSync(reportPath, 'utf8'));
const allow = JSON.parse(readFileSync(allowPath, 'utf8')).allow;

const issues = [];
for (const [analyzer, list] of Object.entries(report['plugin-validator'] ?? {})) {
  for (const issue of list ?? []) {
    issues.push({ analyzer, ...issue });
  }
}

const used = new Map(); // allow-list index -> problems it allowed
let passed = 0;
let failed = 0;
let checked = 0;
for (const issue of issues) {
  const sev = String(issue.Severity).toLowerCase();
  const what = `${sev} ${issue.analyzer}/${issue.Name}: ${issue.Title}${issue.Detail ? ` — ${issue.Detail}` : ''}`;
  if (sev !== 'error' && sev !== 'warning') {
    console.log(`note  ${what}`);
    continue;
  }
  checked++;
  const i = allow.findIndex(
    (a, n) =>
      a.analyzer === issue.analyzer &&
      a.name === issue.Name &&
      a.severity === sev &&
      (!a.title || new RegExp(a.title).test(issue.Title ?? '')) &&
      (!a.detail || new RegExp(a.detail).test(issue.Detail ?? '')) &&
      (used.get(n) ?? 0) < (a.max ?? 1)
  );
  if (i >= 0) {
    used.set(i, (used.get(i) ?? 0) + 1);
    passed++;
    console.log(`ok    allowed ${what}\n      reason: ${allow[i].reason}`);
  } else {
    failed++;
    console.log(`FAIL  ${what}`);
  }
}
allow.forEach((a, i) => {
  if (!used.has(i)) {
    console.log(
      `note  allow-list entry matched nothing (remove it if the problem is gone): ${a.analyzer}/${a.name} ${a.title ?? ''}`
    );
  }
});
if (checked === 0) {
  passed++;
  console.log('ok    the validator reports no errors and no warnings');
}
console.log(`${passed} passed, ${failed} failed`);
process.exit(failed === 0 ? 0 : 1);
