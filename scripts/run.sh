#!/usr/bin/env bash
# Builds Warroom and runs it: the real Go back end on SQLite with demo data,
# inside the test-bed host on http://localhost:3000 (see testbed/README.md).
set -euo pipefail
cd "$(dirname "$0")/.."
HOST="${WARROOM_HOST:-react18}"
ADDR="${WARROOM_ADDR:-127.0.0.1:3000}"
bash scripts/setup.sh
echo "run: building the front end"; npm run -s build
echo "run: building the back end"; go tool mage -v build:linux >/dev/null
echo "run: building the $HOST test-bed host"; bash testbed/hosts/build.sh "$HOST"
mkdir -p .run/state
echo "run: open http://${ADDR/127.0.0.1/localhost}/a/warroom-incident-app/ (Ctrl-C stops)"
exec go run ./testbed/server -addr "$ADDR" -dist dist -host-dir "testbed/hosts/$HOST/build" -state .run/state -demo
