#!/usr/bin/env bash
# Browser suite of the test bed against one host: run.sh <react18|react19>
#  1. builds that host (testbed/hosts/build.sh),
#  2. starts the synthetic service fleet ("checkout" answers 20% 5xx, "cart" is healthy) and a real
#     Prometheus (Debian's /usr/bin/prometheus, installed with apt-get when missing) on free loopback
#     ports, scraping itself and the fleet every second, with its TSDB in a temporary directory, and
#     waits until it is ready (internal/testenv/cmd/fleet, through scripts/lib/services.sh),
#  3. starts the test-bed server on a free loopback port with the built plugin (dist/, which the
#     caller must have built: npm run build + the gpx_ binary), demo data and -prometheus-url
#     pointing at that Prometheus (so does every extra server a test starts: fixtures.ts),
#  4. runs the Playwright suite with Debian's Chromium (installed with apt-get when missing),
#  5. stops the server and Prometheus by PID (also on failure or interruption); prints
#     "N passed, N failed"; exits non-zero on any failure.
set -euo pipefail
host="${1:?usage: run.sh <react18|react19> [playwright args, e.g. tests/x.spec.ts]}"
shift
e2e="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$e2e/../.." && pwd)"
# DIST overrides where the built plugin is (default: the repository's dist/); REPORT where
# Playwright's JSON report is kept (default: a temporary folder; test.sh reads failures from it).
dist="${DIST:-$root/dist}"
[ -f "$dist/module.js" ] && [ -f "$dist/plugin.json" ] || { echo "run.sh: build the plugin into $dist first" >&2; exit 2; }

"$root/testbed/hosts/build.sh" "$host"

source "$root/scripts/lib/npm.sh"
npm_install "$e2e"
cd "$e2e"
for pkg in chromium prometheus; do
  if [ ! -x "/usr/bin/$pkg" ]; then
    apt-get install -y "$pkg" || { apt-get update && apt-get install -y "$pkg"; }
  fi
done

tmp="$(mktemp -d)"
report="${REPORT:-$tmp/report.json}"
# start_fleet, start_testbed_server, stop_services.
source "$root/scripts/lib/services.sh"
cleanup() {
  stop_services
  rm -rf "$tmp"
}
trap cleanup EXIT
# An interrupted run leaves through the EXIT trap too.
trap 'exit 130' INT
trap 'exit 143' TERM
start_fleet "$root" "$tmp"
# One binary ($tmp/testbed-server) serves both the suite's server and the extra servers some tests start.
host_dir="$root/testbed/hosts/$host/build"
start_testbed_server "$root" "$tmp" 127.0.0.1:0 "$dist" "$host_dir" "$tmp/state"

shots="$root/testbed/screenshots/$host"
rm -rf "$shots" && mkdir -p "$shots"
status=0
TESTBED_URL="$server_url" TESTBED_DIST="$dist" TESTBED_HOST_DIR="$host_dir" \
  TESTBED_SERVER_BIN="$tmp/testbed-server" TESTBED_PROMETHEUS_URL="$prom_url" TESTBED_SCREENSHOTS="$shots" \
  TESTBED_SYNTHETIC_URL="$synth_url" \
  TESTBED_REPORT="$report" TESTBED_OUTPUT="$tmp/results" \
  npx playwright test "$@" || status=$?

if [ "$status" -ne 0 ]; then
  echo "--- test-bed server log (last 60 lines) ---" >&2
  tail -n 60 "$tmp/server.log" >&2
  echo "--- prometheus log (last 20 lines) ---" >&2
  tail -n 20 "$prom_log" >&2
fi
# The closing line CI reads: counts from Playwright's JSON report (no report: the run broke).
node "$e2e/summary.js" "$report" || status=1
exit "$status"
