#!/usr/bin/env bash
# Browser test of the demo, "after `bash scripts/run.sh`" (issue 16): demo.sh <react18|react19>
#  1. builds that host (testbed/hosts/build.sh) and runs the real scripts/run.sh with
#     WARROOM_SKIP_BUILD=1 (the caller must have built dist/: npm run build + the gpx_ binary), a
#     fresh state directory and a free port, and waits for its "run: open <URL>" line,
#  2. runs tests/demo.spec.ts (or DEMO_SPECS, e.g. tests/views.spec.ts) against that URL with Debian's Chromium (run.sh's setup installs it),
#  3. stops run.sh by PID, which stops everything it started (also on failure or interruption);
#     prints "N passed, N failed"; exits non-zero on any failure.
set -euo pipefail
host="${1:?usage: demo.sh <react18|react19> [playwright args]}"
shift
e2e="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$e2e/../.." && pwd)"
[ -f "$root/dist/module.js" ] || { echo "demo.sh: build the plugin into $root/dist first" >&2; exit 2; }
"$root/testbed/hosts/build.sh" "$host"

tmp="$(mktemp -d)"
report="${REPORT:-$tmp/report.json}"
# stop_pid, wait_for_line.
source "$root/scripts/lib/services.sh"
run_pid=""
cleanup() {
  # run.sh's own EXIT trap stops what it started (each up to 10 s) before it exits.
  stop_pid "$run_pid" 60
  rm -rf "$tmp"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM
WARROOM_HOST="$host" WARROOM_ADDR=127.0.0.1:0 WARROOM_SKIP_BUILD=1 WARROOM_STATE="$tmp/state" \
  bash "$root/scripts/run.sh" >"$tmp/run.log" 2>&1 &
run_pid=$!
wait_for_line run "$run_pid" "$tmp/run.log" '^run: open ' 300
# run.sh shows localhost; the server listens on 127.0.0.1 only.
url="$(sed -n 's#^run: open http://localhost:\([0-9]*\)/.*#http://127.0.0.1:\1#p' "$tmp/run.log")"

source "$root/scripts/lib/npm.sh"
npm_install "$e2e"
cd "$e2e"
shots="$root/testbed/screenshots/$host"
mkdir -p "$shots"
status=0
TESTBED_DEMO=1 TESTBED_URL="$url" TESTBED_SCREENSHOTS="$shots" TESTBED_REPORT="$report" TESTBED_OUTPUT="$tmp/results" \
  npx playwright test ${DEMO_SPECS:-tests/demo.spec.ts} "$@" || status=$?
if [ "$status" -ne 0 ]; then
  echo "--- scripts/run.sh output (last 80 lines) ---" >&2
  tail -n 80 "$tmp/run.log" >&2
fi
node "$e2e/summary.js" "$report" || status=1
exit "$status"
