#!/usr/bin/env bash
# Development build for one worker: dev-build.sh NAME
# Builds the front end (webpack production) and the linux/amd64 back end under a lock, so that
# several people building in one checkout never interleave writes into dist/, then copies the
# result to /tmp/warroom-dist-NAME for `DIST=/tmp/warroom-dist-NAME bash testbed/e2e/run.sh ...`.
# CI does not use this: scripts/test.sh runs the full production build (all platforms).
set -euo pipefail
name="${1:?usage: dev-build.sh NAME}"
cd "$(dirname "$0")/.."
out="/tmp/warroom-dist-$name"
exec 9>/tmp/warroom-build.lock
flock 9
npm run -s build >/tmp/warroom-build-"$name".log 2>&1 || { tail -40 /tmp/warroom-build-"$name".log; exit 1; }
CGO_ENABLED=0 go build -o dist/gpx_warroom_linux_amd64 ./pkg
# The nested data source starts its own copy (Magefile.go Nested explains why).
mkdir -p dist/datasource && cp dist/gpx_warroom_linux_amd64 dist/datasource/gpx_warroom_linux_amd64
rm -rf "$out" && cp -r dist "$out"
echo "built into $out"
