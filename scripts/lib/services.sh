# The services scripts/run.sh (the demo) and testbed/e2e/run.sh (browser suite) start, each written
# once: the synthetic service fleet and a real Prometheus through the Go harness
# (internal/testenv/cmd/fleet, the same code the Go tests use), and the test-bed server.
# Source it; each start_* builds its Go command into TMP, logs to TMP/<name>.log, waits until the
# service is ready and exits the script (its EXIT trap cleans up) when it does not start.
# Sets fleet_pid, synth_url, prom_url, prom_log (start_fleet) and server_pid, server_url
# (start_testbed_server); the demo (scripts/run.sh) also starts its diagnostics targets and webhook
# receiver (start_demo_targets, then wait_demo_targets). stop_services stops them all.
# shellcheck shell=bash

# stop_pid PID [SECONDS] — stops a process this script started, by PID: SIGTERM, SIGKILL if still
# there after SECONDS (default 10).
stop_pid() {
  local pid="$1" seconds="${2:-10}"
  if [ -z "$pid" ] || ! kill -0 "$pid" 2>/dev/null; then
    return 0
  fi
  kill -TERM "$pid" 2>/dev/null || true
  for _ in $(seq 1 $((seconds * 10))); do
    kill -0 "$pid" 2>/dev/null || break
    sleep 0.1
  done
  if kill -0 "$pid" 2>/dev/null; then
    kill -KILL "$pid" 2>/dev/null || true
  fi
  wait "$pid" 2>/dev/null || true
}

# wait_for_line NAME PID FILE PATTERN SECONDS — waits until FILE has a line matching PATTERN (grep -E);
# exits with NAME's log (TMP/NAME.log beside FILE) when PID ends first or after SECONDS.
wait_for_line() {
  local name="$1" pid="$2" file="$3" pattern="$4" seconds="$5" log
  log="$(dirname "$file")/$name.log"
  for _ in $(seq 1 $((seconds * 10))); do
    grep -Eq "$pattern" "$file" 2>/dev/null && return 0
    kill -0 "$pid" 2>/dev/null || { tail -n 60 "$log" >&2; echo "$name exited before it was ready" >&2; exit 1; }
    sleep 0.1
  done
  tail -n 60 "$log" >&2
  echo "$name not ready after $seconds s" >&2
  exit 1
}

# start_fleet ROOT TMP [FLEET FLAGS] — the synthetic fleet ("checkout" answers 20% 5xx, "cart" is
# healthy; -demo adds the demo incidents' services and their past) and Prometheus scraping itself
# (job "prometheus") and the fleet (job "synthetic") every second.
start_fleet() {
  local root="$1" tmp="$2"
  shift 2
  (cd "$root" && go build -o "$tmp/fleet" ./internal/testenv/cmd/fleet)
  "$tmp/fleet" "$@" >"$tmp/fleet.out" 2>"$tmp/fleet.log" &
  fleet_pid=$!
  wait_for_line fleet "$fleet_pid" "$tmp/fleet.out" '^PROMETHEUS_URL=' 90
  synth_url="$(sed -n 's/^SYNTHETIC_URL=//p' "$tmp/fleet.out")"
  prom_url="$(sed -n 's/^PROMETHEUS_URL=//p' "$tmp/fleet.out")"
  prom_log="$(sed -n 's/^PROMETHEUS_LOG=//p' "$tmp/fleet.out")"
}

# start_testbed_server ROOT TMP ADDR DIST HOST_DIR STATE [SEED] — the test-bed server
# (testbed/server) with the plugin in DIST, pointing at start_fleet's Prometheus, seeding demo data
# at start unless SEED is "no" (the demo seeds it after its settings and policy); ADDR 127.0.0.1:0
# picks a free port (server_url tells which). Its binary stays in TMP/testbed-server for the extra
# servers some browser tests start.
start_testbed_server() {
  local root="$1" tmp="$2" addr="$3" dist="$4" host_dir="$5" state="$6" seed="${7:-yes}" demo=-demo
  [ "$seed" = yes ] || demo=
  (cd "$root" && go build -o "$tmp/testbed-server" ./testbed/server)
  # -external-service-accounts: Grafana as docker-compose.yaml runs it, with the app's managed
  # service account (users and teams for on call; docs/grafana-users.md).
  "$tmp/testbed-server" -addr "$addr" -dist "$dist" -host-dir "$host_dir" -state "$state" $demo \
    -external-service-accounts -prometheus-url "$prom_url" >"$tmp/server.log" 2>&1 &
  server_pid=$!
  wait_for_line server "$server_pid" "$tmp/server.log" '^testbed listening on ' 60
  server_url="$(sed -n 's/^testbed listening on //p' "$tmp/server.log")"
}

# start_demo_targets ROOT TMP — starts, without waiting, what the demo's diagnostics and
# notifications reach: moto seeded with "checkout-api" in trouble (cmd/motoseed), PostgreSQL with the
# orders-api pool exhausted (cmd/demopg) and a webhook receiver (cmd/webhooksink, HMAC key
# $demo_webhook_key). They start beside the fleet; wait_demo_targets waits for them.
demo_webhook_key=demo-webhook-key
start_demo_targets() {
  local root="$1" tmp="$2"
  (cd "$root" && go build -o "$tmp/" ./internal/testenv/cmd/motoseed ./internal/testenv/cmd/demopg ./internal/testenv/cmd/webhooksink)
  "$tmp/motoseed" -name checkout-api >"$tmp/motoseed.out" 2>"$tmp/motoseed.log" &
  moto_pid=$!
  "$tmp/demopg" >"$tmp/demopg.out" 2>"$tmp/demopg.log" &
  pg_pid=$!
  "$tmp/webhooksink" -secret "$demo_webhook_key" >"$tmp/webhooksink.out" 2>"$tmp/webhooksink.log" &
  sink_pid=$!
}

# wait_demo_targets TMP — sets moto_seed (motoseed's JSON line: endpoint, target), pg_dsn, webhook_url.
wait_demo_targets() {
  local tmp="$1"
  wait_for_line webhooksink "$sink_pid" "$tmp/webhooksink.out" '^WEBHOOK_URL=' 30
  webhook_url="$(sed -n 's/^WEBHOOK_URL=//p' "$tmp/webhooksink.out")"
  wait_for_line demopg "$pg_pid" "$tmp/demopg.out" '^POSTGRES_DSN=' 90
  pg_dsn="$(sed -n 's/^POSTGRES_DSN=//p' "$tmp/demopg.out")"
  wait_for_line motoseed "$moto_pid" "$tmp/motoseed.out" '^\{' 180
  moto_seed="$(grep -m1 '^{' "$tmp/motoseed.out")"
}

stop_services() {
  stop_pid "${server_pid:-}"
  stop_pid "${fleet_pid:-}"
  stop_pid "${moto_pid:-}"
  stop_pid "${pg_pid:-}"
  stop_pid "${sink_pid:-}"
}
