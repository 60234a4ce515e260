#!/usr/bin/env bash
# Builds one test-bed host: build.sh <react18|react19>
# Installs that host's pinned packages (npm ci from its committed lockfile) and bundles
# testbed/host-src/main.tsx against them into testbed/hosts/<host>/build/.
set -euo pipefail
host="${1:?usage: build.sh <react18|react19>}"
here="$(cd "$(dirname "$0")" && pwd)"
dir="$here/$host"
[ -f "$dir/package.json" ] || { echo "unknown host: $host" >&2; exit 2; }

cd "$dir"
# One build at a time per host: several workers may share this checkout.
exec 8>"/tmp/warroom-host-$host.lock"
flock 8
# npm_install: re-install only when the lockfile changed since the last install.
source "$here/../../scripts/lib/npm.sh"
npm_install "$dir"
node "$here/../host-src/build.mjs" "$dir"
