# Shared by testbed/e2e/run.sh (browser suite) and scripts/run.sh (the demo): the synthetic
# service fleet (internal/synthetic: "checkout" answers 20% 5xx, "cart" is healthy) and a real
# Prometheus (Debian's /usr/bin/prometheus) scraping itself and the fleet every second, both on free
# loopback ports. Source it; call start_fleet ROOT TMP; stop what it started with stop_pid.
# Sets synth_pid, synth_url, prom_pid, prom_url; stop_fleet stops both.

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

free_port() {
  node -e "const s=require('net').createServer().listen(0,'127.0.0.1',()=>{console.log(s.address().port);s.close()})"
}
ready() {
  [ "$(curl -s -o /dev/null -w '%{http_code}' "$1/-/ready")" = 200 ]
}

start_fleet() {
  local root="$1" tmp="$2" prom_port
  # The synthetic services the panels and the catalog point at; started first so Prometheus has
  # their series from its first scrape.
  (cd "$root" && go build -o "$tmp/synthetic" ./internal/synthetic/cmd/synthetic)
  "$tmp/synthetic" -addr 127.0.0.1:0 -profile checkout=50,0.2,80ms -profile cart=50,0,60ms >"$tmp/synthetic.log" 2>&1 &
  synth_pid=$!
  for _ in $(seq 1 100); do
    grep -q "synthetic listening on" "$tmp/synthetic.log" && break
    kill -0 "$synth_pid" 2>/dev/null || { cat "$tmp/synthetic.log" >&2; echo "fleet: synthetic exited" >&2; exit 1; }
    sleep 0.1
  done
  synth_url="$(sed -n 's/^synthetic listening on //p' "$tmp/synthetic.log")"
  [ -n "$synth_url" ] || { cat "$tmp/synthetic.log" >&2; echo "fleet: synthetic did not start" >&2; exit 1; }

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
    kill -0 "$prom_pid" 2>/dev/null || { cat "$tmp/prometheus.log" >&2; echo "fleet: prometheus exited" >&2; exit 1; }
    sleep 0.25
  done
  ready "$prom_url" || { cat "$tmp/prometheus.log" >&2; echo "fleet: prometheus not ready after 30 s" >&2; exit 1; }
}

stop_fleet() {
  stop_pid "$prom_pid"
  stop_pid "$synth_pid"
}
