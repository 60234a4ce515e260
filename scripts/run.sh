#!/usr/bin/env bash
# Builds Warroom and runs its demo: the real Go back end on SQLite inside the test-bed host on
# http://localhost:3000 (see testbed/README.md), with everything the app works with running beside
# it on free loopback ports, so every capability shows on the demo incidents:
# - the synthetic service fleet with the demo incidents' services (pkg/demo Scenarios) and their
#   past backfilled into a real Prometheus: each incident page graphs its breach from the onset;
#   "checkout" (20% 5xx) and "cart" (healthy) stay for declaring from the /d/testbed panel;
# - moto seeded with checkout-api's AWS in trouble (an unhealthy target behind its target group)
#   and a PostgreSQL whose orders-api pool is exhausted: *Run diagnostics* finds them and suggests
#   the runbooks;
# - a demo policy (timers read "due soon" for the last half of their window instead of the last
#   fifth): the newest incident, a P1 declared 8 min ago, is due soon at start and its respond-by
#   (15 min) falls due 7 min later;
# - a webhook receiver behind the channel "demo-webhook": posted status updates are delivered (its
#   log is shown) and the delivery appears on the timeline.
# - before the demo incidents, 96 resolved ones over 12 weeks (pkg/demo history.go), so the Insights
#   have a history to measure; their services are the scenarios', without backfilled metrics.
# Environment: WARROOM_ADDR (default 127.0.0.1:3000; 127.0.0.1:0 picks a free port), WARROOM_HOST
# (react18|react19), WARROOM_STATE (default .run/state; kept between runs: remove it for a fresh
# demo), WARROOM_SKIP_BUILD=1 (use dist/ and the host build as they are).
# It prints "run: open <URL>" once everything is up. Ctrl-C stops everything this script started.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
cd "$root"
HOST="${WARROOM_HOST:-react18}"
ADDR="${WARROOM_ADDR:-127.0.0.1:3000}"
STATE="${WARROOM_STATE:-.run/state}"
host_dir="testbed/hosts/$HOST/build"
bash scripts/setup.sh
if [ "${WARROOM_SKIP_BUILD:-}" = 1 ]; then
  for f in dist/module.js dist/gpx_warroom_linux_amd64 "$host_dir/index.html"; do
    [ -e "$f" ] || { echo "run: WARROOM_SKIP_BUILD=1 but $f is missing: run without it once" >&2; exit 2; }
  done
else
  echo "run: building the front end"; npm run -s build
  echo "run: building the back end"; go tool mage -v build:linux nested >/dev/null
  echo "run: building the $HOST test-bed host"; bash testbed/hosts/build.sh "$HOST"
fi
mkdir -p "$STATE"

tmp="$(mktemp -d)"
tail_pid=""
# start_fleet, start_demo_targets, wait_demo_targets, start_testbed_server, stop_services.
source scripts/lib/services.sh
cleanup() {
  [ -z "$tail_pid" ] || kill "$tail_pid" 2>/dev/null || true
  stop_services
  rm -rf "$tmp"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM
echo "run: starting moto, PostgreSQL and the webhook receiver"
start_demo_targets "$root" "$tmp"
echo "run: starting the synthetic service fleet and Prometheus with the demo's history"
start_fleet "$root" "$tmp" -demo
demo_services="$(sed -n 's/^DEMO_SERVICES=//p' "$tmp/fleet.out")"
# Demo data is seeded below, once the settings and the policy it runs under are in place.
start_testbed_server "$root" "$tmp" "$ADDR" dist "$host_dir" "$STATE" no
wait_demo_targets "$tmp"

# Curl as the test bed's Admin of org 1 (the identity cookie, as a browser sends it).
admin=(-H 'Cookie: testbed_identity=Admin:1:admin')
settings="$server_url/api/plugins/warroom-incident-app/settings"
resources="$server_url/api/plugins/warroom-incident-app/resources"
curl -sf "${admin[@]}" "$settings" |
  DEMO_MOTO="$moto_seed" DEMO_SERVICES="$demo_services" DEMO_PROMETHEUS_URL="$prom_url" \
    DEMO_SYNTHETIC_URL="$synth_url" DEMO_POSTGRES_DSN="$pg_dsn" DEMO_WEBHOOK_URL="$webhook_url" \
    DEMO_WEBHOOK_KEY="$demo_webhook_key" node scripts/lib/demo-settings.mjs |
  curl -sf "${admin[@]}" -X POST -H 'Content-Type: application/json' --data-binary @- "$settings" >/dev/null

# The demo policy, unless an admin has saved one (version 1 is the built-in default).
curl -sf "${admin[@]}" "$resources/policy" | node -e '
  let raw = ""; process.stdin.on("data", (d) => (raw += d)).on("end", () => {
    const p = JSON.parse(raw);
    if (p.version !== 1) return;
    p.timers.warningFraction = 0.5;
    console.log(JSON.stringify(p));
  });' | { body="$(cat)"; [ -z "$body" ] ||
  curl -sf "${admin[@]}" -X PUT -H 'Content-Type: application/json' --data-binary "$body" "$resources/policy" >/dev/null; }
# The demo incidents and their history, aged from now; a no-op when the org already has incidents.
curl -sf "${admin[@]}" -X POST -H 'Content-Type: application/json' --data '{}' "$resources/admin/demo-data" >/dev/null

echo "run: dashboards: /d/warroom-incidents (incidents over checkout-api's error rate), /d/warroom-timers, /d/testbed (panel menu → Declare incident)"
echo "run: webhook deliveries are logged here as 'webhook: …'"
echo "run: open ${server_url/127.0.0.1/localhost}/a/warroom-incident-app/ (Ctrl-C stops)"
tail -f "$tmp/server.log" "$tmp/webhooksink.out" &
tail_pid=$!
wait "$server_pid" || true
