#!/usr/bin/env bash
# Installs everything Warroom's build, run and tests need, idempotently:
# Debian packages, npm packages (root, test-bed hosts, e2e), Go modules.
# Safe to run again: each step checks before it installs.
set -euo pipefail
cd "$(dirname "$0")/.."

log() { echo "setup: $*"; }

# Debian packages. PostgreSQL 15 serves the store tests; Chromium the browser
# tests (Playwright's own browser download cannot work here); Prometheus the
# data-source proxy of the test bed (started by the tests, never as a service).
need_apt=()
for pkg in postgresql chromium prometheus python3 python3-venv; do
  dpkg -s "$pkg" >/dev/null 2>&1 || need_apt+=("$pkg")
done
if [ ${#need_apt[@]} -gt 0 ]; then
  SUDO=""; [ "$(id -u)" -ne 0 ] && SUDO="sudo"
  log "installing Debian packages: ${need_apt[*]}"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${need_apt[@]}" >/dev/null
fi

# npm: reinstall only when the lockfile changed since the last install.
source scripts/lib/npm.sh
npm_install .
for dir in testbed/hosts/react18 testbed/hosts/react19 testbed/e2e; do
  [ -f "$dir/package-lock.json" ] && npm_install "$dir"
done

# moto (the AWS emulator the diagnostics tests run against): use the machine's moto_server if
# there is one, else a pinned copy in a virtualenv inside the checkout (.tools/, ignored by git).
if ! command -v moto_server >/dev/null 2>&1 && [ ! -x .tools/moto/bin/moto_server ]; then
  log "installing moto[server] into .tools/moto"
  python3 -m venv .tools/moto
  .tools/moto/bin/pip install --quiet 'moto[server]==5.2.1'
fi

# Python's icalendar: an independent parser that pkg/oncall/ical's tests read the exported feed with.
if [ ! -x .tools/pyical/bin/python ] || ! compgen -G '.tools/pyical/lib/python3*/site-packages/icalendar-7.3.2.dist-info' >/dev/null; then
  log "installing icalendar into .tools/pyical"
  python3 -m venv .tools/pyical
  .tools/pyical/bin/pip install --quiet 'icalendar==7.3.2'
fi

# Grafana's plugin validator (../shared/tools/plugin-validator, scripts/plugin-validator.sh) runs
# its code rules with semgrep and gosec when they are on the PATH: pinned copies in .tools/.
# The version is read from the package metadata: `semgrep --version` first asks semgrep.dev for a
# newer release, which took 105 s on this machine (scripts/run.sh runs this file every time).
if [ ! -x .tools/semgrep/bin/semgrep ] || ! compgen -G '.tools/semgrep/lib/python3*/site-packages/semgrep-1.187.0.dist-info' >/dev/null; then
  log "installing semgrep into .tools/semgrep"
  python3 -m venv .tools/semgrep
  .tools/semgrep/bin/pip install --quiet 'semgrep==1.187.0'
fi
if [ ! -x .tools/bin/gosec ] || ! go version -m .tools/bin/gosec 2>/dev/null | grep -q 'securego/gosec/v2[[:space:]]*v2\.30\.0'; then
  log "installing gosec into .tools/bin"
  GOBIN="$PWD/.tools/bin" go install github.com/securego/gosec/v2/cmd/gosec@v2.30.0
fi
# golangci-lint (scripts/test.sh, rules in .golangci.yml), pinned like gosec.
if [ ! -x .tools/bin/golangci-lint ] || ! go version -m .tools/bin/golangci-lint 2>/dev/null | grep -q 'golangci-lint/v2[[:space:]]*v2\.15\.0'; then
  log "installing golangci-lint into .tools/bin"
  GOBIN="$PWD/.tools/bin" go install github.com/golangci/golangci-lint/v2/cmd/golangci-lint@v2.15.0
fi
# Mailpit, the real SMTP server the e-mail paging tests send to (internal/testservers/mailpit),
# pinned like gosec. A cold install (download and build) took about 51 s here.
if [ ! -x .tools/bin/mailpit ] || ! go version -m .tools/bin/mailpit 2>/dev/null | grep -q 'axllent/mailpit[[:space:]]*v1\.33\.1'; then
  log "installing mailpit into .tools/bin"
  GOBIN="$PWD/.tools/bin" go install github.com/axllent/mailpit@v1.33.1
fi
# @grafana/levitate (scripts/levitate-check.mjs) in its own folder: not a project dependency.
if [ ! -x .tools/levitate/node_modules/.bin/levitate ]; then
  log "installing @grafana/levitate into .tools/levitate"
  mkdir -p .tools/levitate
  echo '{"name":"warroom-levitate","private":true}' >.tools/levitate/package.json
  (cd .tools/levitate && npm install --no-audit --no-fund --loglevel=error --no-save '@grafana/levitate@0.17.2')
fi

# Go modules (mage is a `go tool` pinned in go.mod, so nothing to install globally).
log "go modules"
go mod download
log "done"
