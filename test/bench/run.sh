#!/usr/bin/env bash
# Runs the benchmarks whose figures docs/benchmarks.md records.
# API vs raw store: create, get, list over 10,000 incidents, SQLite and PostgreSQL.
set -euo pipefail
cd "$(dirname "$0")/../.."
go test -run '^$' -bench 'APIvsStore' -benchtime "${BENCHTIME:-500x}" -count 1 ./test/bench/ | tee test/bench/last-run.txt
# Correlation request vs the raw Prometheus query_range of the same queries (real Prometheus scraping
# the synthetic fleet), and the correlation engine's throughput.
go test -run '^$' -bench 'Correlation' -benchtime "${CORR_BENCHTIME:-3s}" -count 1 ./test/bench/ | tee -a test/bench/last-run.txt
go test -run '^$' -bench 'Evaluate' -count 1 ./pkg/correlation/ | tee -a test/bench/last-run.txt
# Scheduler tick over 10,000 open incidents vs one indexed query of them (issues 6, 18).
go test -run '^$' -bench 'SchedulerTick' -benchtime "${TICK_BENCHTIME:-10x}" -count 1 ./test/bench/ | tee -a test/bench/last-run.txt
# Lag of firings behind their due time with the real clock, and RSS across 10 ticks, at 10,000 open (issue 18).
LAG_WINDOW="${LAG_WINDOW:-60s}" go test -run '^$' -bench 'SchedulerLag|SchedulerRSS' -benchtime 1x -count 1 ./test/bench/ | tee -a test/bench/last-run.txt
# GET /incidents and GET /timers vs their raw store calls at 100,000 incidents of one org, 10,000 open (issue 18).
go test -run '^$' -bench 'Lists' -benchtime "${LISTS_BENCHTIME:-200x}" -count 1 -timeout 30m ./test/bench/ | tee -a test/bench/last-run.txt
# A full diagnostic run (moto, PostgreSQL, one HTTP check) vs its slowest check and vs one after another.
go test -run '^$' -bench FullRun -benchtime "${DIAG_BENCHTIME:-10x}" -count 1 ./pkg/diagnostics/ | tee -a test/bench/last-run.txt
# Live updates: 500 streams on 50 incidents, store reads/s and delay, polling vs the watcher (issue 18).
LIVE_WINDOW="${LIVE_WINDOW:-10s}" go test -run '^$' -bench 'LiveStreams' -benchtime 1x -count 1 ./test/bench/ | tee -a test/bench/last-run.txt
# The data source over the last 30 days of a year of history (100,000 incidents, 2,000,000 events) vs
# the store's SQL for that range on the raw driver; -v logs the queries' plans (issue 18).
DS_INCIDENTS="${DS_INCIDENTS:-100000}" go test -v -run '^$' -bench 'DatasourceRange' -benchtime "${DS_BENCHTIME:-20x}" -count 1 ./test/bench/ | tee -a test/bench/last-run.txt
