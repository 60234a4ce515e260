#!/usr/bin/env bash
# Grafana's plugin validator (the catalog's check) on the built dist/, with the source analyzers:
# packages dist/ as the catalog expects (warroom-incident-app/ at the zip's root), runs
# ../shared/tools/plugin-validator with -sourceCodeUri file://<this checkout> and its code rules
# (semgrep from .tools/semgrep, gosec from .tools/bin; scripts/setup.sh installs both), then
# compares every reported error and warning with scripts/validator-allow.json: anything not on
# that list, which states each exception's reason, fails. Ends with "N passed, N failed".
#   bash scripts/plugin-validator.sh [DIST]     (default dist)
set -uo pipefail
cd "$(dirname "$0")/.."
dist="${1:-dist}"
# The validator is a tool of this workplace beside the checkout (../shared/tools, see its README),
# not part of the repository; PLUGIN_VALIDATOR names another build.
validator="${PLUGIN_VALIDATOR:-}"
if [ -z "$validator" ]; then
  for candidate in ../shared/tools/plugin-validator /work/shared/tools/plugin-validator; do
    [ -x "$candidate" ] && { validator="$candidate"; break; }
  done
fi
[ -n "$validator" ] && [ -x "$validator" ] || { echo "FAIL  no plugin validator (looked in \$PLUGIN_VALIDATOR, ../shared/tools, /work/shared/tools)"; echo "0 passed, 1 failed"; exit 1; }
export PATH="$PWD/.tools/semgrep/bin:$PWD/.tools/bin:$PATH"
for tool in semgrep gosec; do
  command -v "$tool" >/dev/null || { echo "FAIL  $tool is not installed (bash scripts/setup.sh)"; echo "0 passed, 1 failed"; exit 1; }
done
tmp="$(mktemp -d)"; trap 'rm -rf "$tmp"' EXIT
# The zip's folder is a link to dist/ (zip stores what a link points to) rather than a copy: dist/
# holds twelve executables, about 1 GB, and CI machines share a disk that can run short.
mkdir -p "$tmp/zip"
ln -s "$(cd "$dist" && pwd)" "$tmp/zip/warroom-incident-app"
(cd "$tmp/zip" && zip -qr ../warroom-incident-app.zip warroom-incident-app)
# Exit status 1 means "an error was reported"; the allow-list decides, so only a missing report fails here.
# TMPDIR inside ours: the validator unpacks the zip (about 1 GB) into a folder of TMPDIR and leaves it.
mkdir -p "$tmp/validator-tmp"
TMPDIR="$tmp/validator-tmp" "$validator" "$tmp/warroom-incident-app.zip" -jsonOutput -sourceCodeUri "file://$PWD" >"$tmp/report.json" 2>"$tmp/stderr"
if ! node -e 'JSON.parse(require("fs").readFileSync(process.argv[1], "utf8"))' "$tmp/report.json" 2>/dev/null; then
  echo "FAIL  the validator wrote no JSON report:"; tail -n 20 "$tmp/stderr" "$tmp/report.json"
  echo "0 passed, 1 failed"; exit 1
fi
[ -n "${VALIDATOR_REPORT:-}" ] && cp "$tmp/report.json" "$VALIDATOR_REPORT"
node scripts/validator-check.mjs "$tmp/report.json" scripts/validator-allow.json
