#!/usr/bin/env bash
# Builds Warroom and runs it: the real Go back end on SQLite with demo data,
# inside the test-bed host on http://localhost:3000 (WARROOM_ADDR=127.0.0.1:0 picks a free port;
# see testbed/README.md),
# with live metrics: the synthetic service fleet ("checkout" answering 20% 5xx,
# "cart" healthy) scraped by a real Prometheus, both on free loopback ports, so
# the declare form suggests a severity, the incident page draws its graphs and
# the timers panel has data. Ctrl-C stops everything this script started.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
cd "$root"
HOST="${WARROOM_HOST:-react18}"
ADDR="${WARROOM_ADDR:-127.0.0.1:3000}"
bash scripts/setup.sh
echo "run: building the front end"; npm run -s build
echo "run: building the back end"; go tool mage -v build:linux nested >/dev/null
echo "run: building the $HOST test-bed host"; bash testbed/hosts/build.sh "$HOST"
mkdir -p .run/state

tmp="$(mktemp -d)"
tail_pid=""
# start_fleet, start_testbed_server, stop_services, stop_pid.
source scripts/lib/services.sh
cleanup() {
  [ -z "$tail_pid" ] || kill "$tail_pid" 2>/dev/null || true
  stop_services
  rm -rf "$tmp"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM
echo "run: starting the synthetic service fleet and Prometheus"
start_fleet "$root" "$tmp"
start_testbed_server "$root" "$tmp" "$ADDR" dist "testbed/hosts/$HOST/build" .run/state

# Point the app at this run's Prometheus (its port changes every run) and, when the catalog is
# empty, name the two synthetic services; everything else saved in .run/state is kept.
settings="$server_url/api/plugins/warroom-incident-app/settings"
curl -sf "$settings" | node -e '
  let raw = ""; process.stdin.on("data", (d) => (raw += d)).on("end", () => {
    const cur = JSON.parse(raw), jsonData = cur.jsonData || {};
    jsonData.prometheus = { ...(jsonData.prometheus || {}), url: process.argv[1] };
    delete jsonData.prometheus.datasourceUid;
    if (!jsonData.services || jsonData.services.length === 0) {
      jsonData.services = [
        { name: "checkout", selector: "service=\"checkout\"", healthUrl: process.argv[2] + "/control" },
        { name: "cart", selector: "service=\"cart\"", healthUrl: process.argv[2] + "/control" },
      ];
    }
    console.log(JSON.stringify({ enabled: true, pinned: true, jsonData }));
  });' "$prom_url" "$synth_url" |
  curl -sf -X POST -H 'Content-Type: application/json' --data-binary @- "$settings" >/dev/null

echo "run: open ${server_url/127.0.0.1/localhost}/a/warroom-incident-app/ (Ctrl-C stops)"
echo "run: dashboards: /d/testbed (panel menu → Declare incident), /d/warroom-timers, /d/warroom-incidents"
tail -f "$tmp/server.log" &
tail_pid=$!
wait "$server_pid" || true
