#!/usr/bin/env bash
# Runs a command with a Go build cache of its own, deleted when it ends, for the steps whose
# compiled packages nothing after them reuses: the fuzz run (coverage-instrumented packages) and
# each platform of the production build (about 1 GB of packages each, scripts/build-backend.sh).
# CI machines share a disk that can run short: with one cache for everything, a fresh clone's
# .ci/run grew to 14 GB and failed with "no space left on device". The race-built packages of the
# test suites keep the usual cache, so a developer's next `go test` stays warm.
#   bash scripts/lib/scratch-gocache.sh COMMAND [ARGS...]
set -uo pipefail
dir="$(mktemp -d "${TMPDIR:-/tmp}/warroom-gocache.XXXXXX")"
trap 'chmod -R u+w "$dir" 2>/dev/null; rm -rf "$dir"' EXIT
GOCACHE="$dir" "$@"
