# The services scripts/run.sh (the demo) and testbed/e2e/run.sh (browser suite) start, each written
# once: the synthetic service fleet and a real Prometheus through the Go harness
# (internal/testenv/cmd/fleet, the same code the Go tests use), and the test-bed server.
# Source it; each start_* builds its Go command into TMP, logs to TMP/<name>.log, waits until the
# service is ready and exits the script (its EXIT trap cleans up) when it does not start.
# Sets fleet_pid, synth_url, prom_url, prom_log (start_fleet) and server_pid, server_url
# (start_testbed_server); stop_services stops both.
# shellcheck shell=bash

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

# start_fleet ROOT TMP — the synthetic fleet ("checkout" answers 20% 5xx, "cart" is healthy) and
# Prometheus scraping itself (job "prometheus") and the fleet (job "synthetic") every second.
start_fleet() {
  local root="$1" tmp="$2"
  (cd "$root" && go build -o "$tmp/fleet" ./internal/testenv/cmd/fleet)
  "$tmp/fleet" >"$tmp/fleet.out" 2>"$tmp/fleet.log" &
  fleet_pid=$!
  wait_for_line fleet "$fleet_pid" "$tmp/fleet.out" '^PROMETHEUS_URL=' 90
  synth_url="$(sed -n 's/^SYNTHETIC_URL=//p' "$tmp/fleet.out")"
  prom_url="$(sed -n 's/^PROMETHEUS_URL=//p' "$tmp/fleet.out")"
  prom_log="$(sed -n 's/^PROMETHEUS_LOG=//p' "$tmp/fleet.out")"
}

# start_testbed_server ROOT TMP ADDR DIST HOST_DIR STATE — the test-bed server (testbed/server) with
# demo data and the plugin in DIST, pointing at start_fleet's Prometheus; ADDR 127.0.0.1:0 picks a
# free port (server_url tells which). Its binary stays in
# TMP/testbed-server for the extra servers some browser tests start.
start_testbed_server() {
  local root="$1" tmp="$2" addr="$3" dist="$4" host_dir="$5" state="$6"
  (cd "$root" && go build -o "$tmp/testbed-server" ./testbed/server)
  "$tmp/testbed-server" -addr "$addr" -dist "$dist" -host-dir "$host_dir" -state "$state" -demo \
    -prometheus-url "$prom_url" >"$tmp/server.log" 2>&1 &
  server_pid=$!
  wait_for_line server "$server_pid" "$tmp/server.log" '^testbed listening on ' 60
  server_url="$(sed -n 's/^testbed listening on //p' "$tmp/server.log")"
}

stop_services() {
  stop_pid "${server_pid:-}"
  stop_pid "${fleet_pid:-}"
}
