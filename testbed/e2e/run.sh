#!/usr/bin/env bash
# Browser suite of the test bed against one host: run.sh <react18|react19>
#  1. builds that host (testbed/hosts/build.sh),
#  2. starts the synthetic service fleet (internal/synthetic: "checkout" answers 20% 5xx, "cart" is
#     healthy) and a real Prometheus (Debian's /usr/bin/prometheus, installed with apt-get when
#     missing) on free loopback ports, scraping itself and the fleet every second, with its TSDB in a
#     temporary directory, and waits until /-/ready answers 200,
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
# DIST overrides where the built plugin is (default: the repository's dist/).
dist="${DIST:-$root/dist}"
[ -f "$dist/module.js" ] && [ -f "$dist/plugin.json" ] || { echo "run.sh: build the plugin into $dist first" >&2; exit 2; }

"$root/testbed/hosts/build.sh" "$host"

cd "$e2e"
stamp=node_modules/.testbed-lock
if [ ! -f "$stamp" ] || ! cmp -s package-lock.json "$stamp"; then
  PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1 npm ci --no-audit --no-fund --loglevel=error
  cp package-lock.json "$stamp"
fi
for pkg in chromium prometheus; do
  if [ ! -x "/usr/bin/$pkg" ]; then
    apt-get install -y "$pkg" || { apt-get update && apt-get install -y "$pkg"; }
  fi
done

tmp="$(mktemp -d)"
server_pid=""
prom_pid=""
synth_pid=""
# Stops a process this script started, by PID: SIGTERM, SIGKILL if still there after 10 s.
stop_pid() {
  local pid="$1"
  if [ -z "$pid" ] || ! kill -0 "$pid" 2>/dev/null; then
    return 0
  fi
  kill -TERM "$pid" 2>/dev/null || true
  for _ in $(seq 1 100); do
    kill -0 "$pid" 2>/dev/null || break
    sleep 0.1
  done
  if kill -0 "$pid" 2>/dev/null; then
    kill -KILL "$pid" 2>/dev/null || true
  fi
  wait "$pid" 2>/dev/null || true
}
cleanup() {
  stop_pid "$server_pid"
  stop_pid "$prom_pid"
  stop_pid "$synth_pid"
  rm -rf "$tmp"
}
trap cleanup EXIT
# An interrupted run leaves through the EXIT trap too.
trap 'exit 130' INT
trap 'exit 143' TERM
free_port() {
  node -e "const s=require('net').createServer().listen(0,'127.0.0.1',()=>{console.log(s.address().port);s.close()})"
}
ready() {
  [ "$(curl -s -o /dev/null -w '%{http_code}' "$1/-/ready")" = 200 ]
}

# The synthetic services the panels and the catalog point at; started first so Prometheus has
# their series from its first scrape.
(cd "$root" && go build -o "$tmp/synthetic" ./internal/synthetic/cmd/synthetic)
"$tmp/synthetic" -addr 127.0.0.1:0 -profile checkout=50,0.2,80ms -profile cart=50,0,60ms >"$tmp/synthetic.log" 2>&1 &
synth_pid=$!
for _ in $(seq 1 100); do
  grep -q "synthetic listening on" "$tmp/synthetic.log" && break
  kill -0 "$synth_pid" 2>/dev/null || { cat "$tmp/synthetic.log" >&2; echo "run.sh: synthetic exited" >&2; exit 1; }
  sleep 0.1
done
synth_url="$(sed -n 's/^synthetic listening on //p' "$tmp/synthetic.log")"
[ -n "$synth_url" ] || { cat "$tmp/synthetic.log" >&2; echo "run.sh: synthetic did not start" >&2; exit 1; }

# A real Prometheus for the "prometheus" data source: it scrapes itself (job "prometheus", so
# up{job="prometheus"} exists right after its first scrape) and the synthetic fleet every second.
prom_port="$(free_port)"
prom_url="http://127.0.0.1:$prom_port"
mkdir -p "$tmp/prometheus/data"
printf '%s\n' \
  'global:' \
  '  scrape_interval: 1s' \
  '  evaluation_interval: 1s' \
  'scrape_configs:' \
  '  - job_name: prometheus' \
  '    static_configs:' \
  "      - targets: [\"127.0.0.1:$prom_port\"]" \
  '  - job_name: synthetic' \
  '    static_configs:' \
  "      - targets: [\"${synth_url#http://}\"]" >"$tmp/prometheus/prometheus.yml"
/usr/bin/prometheus --config.file="$tmp/prometheus/prometheus.yml" --storage.tsdb.path="$tmp/prometheus/data" \
  --web.listen-address="127.0.0.1:$prom_port" >"$tmp/prometheus.log" 2>&1 &
prom_pid=$!
for _ in $(seq 1 120); do
  ready "$prom_url" && break
  kill -0 "$prom_pid" 2>/dev/null || { cat "$tmp/prometheus.log" >&2; echo "run.sh: prometheus exited" >&2; exit 1; }
  sleep 0.25
done
ready "$prom_url" || { cat "$tmp/prometheus.log" >&2; echo "run.sh: prometheus not ready after 30 s" >&2; exit 1; }

# One binary serves both the suite's server and the extra servers some tests start.
(cd "$root" && go build -o "$tmp/testbed-server" ./testbed/server)
port="$(free_port)"
host_dir="$root/testbed/hosts/$host/build"
"$tmp/testbed-server" -addr "127.0.0.1:$port" -dist "$dist" -host-dir "$host_dir" -state "$tmp/state" -demo \
  -prometheus-url "$prom_url" >"$tmp/server.log" 2>&1 &
server_pid=$!
for _ in $(seq 1 120); do
  grep -q "testbed listening on" "$tmp/server.log" && break
  kill -0 "$server_pid" 2>/dev/null || { cat "$tmp/server.log" >&2; echo "run.sh: server exited" >&2; exit 1; }
  sleep 0.5
done
grep -q "testbed listening on" "$tmp/server.log" || { cat "$tmp/server.log" >&2; echo "run.sh: server did not start" >&2; exit 1; }

shots="$root/testbed/screenshots/$host"
rm -rf "$shots" && mkdir -p "$shots"
status=0
TESTBED_URL="http://127.0.0.1:$port" TESTBED_DIST="$dist" TESTBED_HOST_DIR="$host_dir" \
  TESTBED_SERVER_BIN="$tmp/testbed-server" TESTBED_PROMETHEUS_URL="$prom_url" TESTBED_SCREENSHOTS="$shots" \
  TESTBED_SYNTHETIC_URL="$synth_url" \
  TESTBED_REPORT="$tmp/report.json" TESTBED_OUTPUT="$tmp/results" \
  npx playwright test "$@" || status=$?

if [ "$status" -ne 0 ]; then
  echo "--- test-bed server log (last 60 lines) ---" >&2
  tail -n 60 "$tmp/server.log" >&2
  echo "--- prometheus log (last 20 lines) ---" >&2
  tail -n 20 "$tmp/prometheus.log" >&2
fi
# The closing line CI reads: counts from Playwright's JSON report (no report: the run broke).
node -e '
  let s;
  try { s = require(process.argv[1]).stats; } catch { console.log("0 passed, 1 failed"); process.exit(1); }
  const skipped = s.skipped ? `, ${s.skipped} skipped` : "";
  console.log(`${s.expected + s.flaky} passed, ${s.unexpected} failed${skipped}`);
  if (s.expected + s.flaky + s.unexpected === 0) process.exit(1);
' "$tmp/report.json" || status=1
exit "$status"
