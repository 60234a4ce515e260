#!/usr/bin/env bash
# Runs the benchmarks whose figures docs/benchmarks.md records.
# API vs raw store: create, get, list over 10,000 incidents, SQLite and PostgreSQL.
set -euo pipefail
cd "$(dirname "$0")/.."
go test -run '^$' -bench 'APIvsStore' -benchtime "${BENCHTIME:-500x}" -count 1 ./bench/ | tee bench/last-run.txt
