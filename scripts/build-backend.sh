#!/usr/bin/env bash
# The production back end: Magefile.go's `All` (the SDK's six platforms, then the nested data
# source's links), built two platforms at a time; where the disk is short, each with a Go build cache
# of its own deleted when that platform is done (scripts/lib/scratch-gocache.sh).
#
# Why not `go tool mage` (all six at once): each platform compiles its own ~1 GB of packages (AWS
# SDK, gRPC, Arrow, pgx) and the SDK builds them side by side, so a cold build held six platforms'
# packages plus six compiler work folders at once; on CI's shared disk that failed with "no space
# left on device" after the race-built test packages had taken their share. Two at a time with
# scratch caches holds two platforms' packages and still keeps the cores busy while the other links. The binaries are the
# ones `go tool mage` makes: the same Magefile targets, compiled once.
#   bash scripts/build-backend.sh
set -euo pipefail
cd "$(dirname "$0")/.."
work="$(mktemp -d "${TMPDIR:-/tmp}/warroom-mage.XXXXXX")"
trap 'rm -rf "$work"' EXIT
# The Magefile compiled once (a small build, kept in the usual cache), then run per target.
go tool mage -compile "$work/mage"
# The SDK's BuildAll targets (grafana-plugin-sdk-go build/common.go).
printf '%s\n' linux windows darwin darwinARM64 linuxARM64 linuxARM |
  xargs -P 2 -I '{}' bash -c 'start=$SECONDS
    bash scripts/lib/scratch-gocache.sh "$0" -v "build:{}" && echo "build-backend: {} in $((SECONDS - start)) s"' "$work/mage"
"$work/mage" -v nested
