#!/usr/bin/env bash
# Runs a command with a Go build cache of its own, deleted when it ends, when the disk is short, for
# the steps whose compiled packages nothing after them reuses: the fuzz run (coverage-instrumented
# packages) and each platform of the production build (about 1.3 GB of packages each,
# scripts/build-backend.sh). CI machines share a disk that can run short: with one cache for
# everything, a fresh clone's .ci/run grew to 14 GB and failed with "no space left on device".
# With WARROOM_GOCACHE_MIN_FREE_GB (default 15) or more free where the usual cache lives, the usual
# cache is used, so a developer's next build stays warm.
#   bash scripts/lib/scratch-gocache.sh COMMAND [ARGS...]
set -uo pipefail
cache="$(go env GOCACHE)"
mkdir -p "$cache"
free_kb="$(df -Pk "$cache" | awk 'NR == 2 { print $4 }')"
if [ "${free_kb:-0}" -ge $((${WARROOM_GOCACHE_MIN_FREE_GB:-15} * 1024 * 1024)) ]; then
  exec "$@"
fi
dir="$(mktemp -d "${TMPDIR:-/tmp}/warroom-gocache.XXXXXX")"
trap 'chmod -R u+w "$dir" 2>/dev/null; rm -rf "$dir"' EXIT
echo "scratch-gocache: $((free_kb / 1024 / 1024)) GB free by $cache: a Go cache of its own in $dir"
GOCACHE="$dir" "$@"
