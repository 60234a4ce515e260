#!/usr/bin/env bash
# The production back end: Magefile.go's `All` (the SDK's six platforms, then the nested data
# source's links), built one platform at a time; where the disk is short, each with a Go build cache
# of its own deleted when that platform is done (scripts/lib/scratch-gocache.sh).
#
# Why not `go tool mage` (all six at once): each platform compiles its own ~1.3 GB of packages (AWS
# SDK, gRPC, Arrow, pgx) and the SDK builds them side by side, so a cold build held six platforms'
# packages plus six compiler work folders at once; on CI's shared disk that failed with "no space
# left on device" after the race-built test packages had taken their share. Two at a time still
# held 3.4 GB. One at a time holds one platform's packages, and each `go build` already keeps every
# core busy. The binaries are the ones `go tool mage` makes: the same Magefile targets, compiled once.
#   bash scripts/build-backend.sh
set -euo pipefail
cd "$(dirname "$0")/.."
work="$(mktemp -d "${TMPDIR:-/tmp}/warroom-mage.XXXXXX")"
trap 'rm -rf "$work"' EXIT
# The Magefile compiled once (a small build, kept in the usual cache), then run per target.
go tool mage -compile "$work/mage"
# The SDK's BuildAll targets, in its order (grafana-plugin-sdk-go build/common.go).
for target in linux windows darwin darwinARM64 linuxARM64 linuxARM; do
  start=$SECONDS
  bash scripts/lib/scratch-gocache.sh "$work/mage" -v "build:$target"
  echo "build-backend: $target in $((SECONDS - start)) s"
done
"$work/mage" -v nested
