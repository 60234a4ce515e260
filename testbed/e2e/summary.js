// The closing line CI reads (scripts/test.sh): "N passed, N failed[, N skipped]" from Playwright's
// JSON report; no report, or a report of no tests, is a broken run. Exits non-zero then.
// Usage: node summary.js REPORT (run.sh, demo.sh).
let s;
try {
  s = require(process.argv[2]).stats;
} catch {
  console.log('0 passed, 1 failed');
  process.exit(1);
}
const skipped = s.skipped ? `, ${s.skipped} skipped` : '';
console.log(`${s.expected + s.flaky} passed, ${s.unexpected} failed${skipped}`);
if (s.expected + s.flaky + s.unexpected === 0) {
  process.exit(1);
}
