# npm_install DIR — `npm ci` in DIR only when its package-lock.json changed since the last install
# there (a stamp inside node_modules). The one way scripts/setup.sh, testbed/hosts/build.sh and
# testbed/e2e/run.sh install npm packages: with a stamp each, each reinstalled what another had.
# shellcheck shell=bash
npm_install() {
  local dir=$1 stamp="$1/node_modules/.warroom-lock-hash" hash
  hash=$(sha256sum "$dir/package-lock.json" | cut -d' ' -f1)
  if [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$hash" ]; then return; fi
  echo "npm ci in $dir"
  # Playwright's browser is Debian's chromium (setup.sh): never download one.
  (cd "$dir" && PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1 npm ci --no-audit --no-fund --loglevel=error)
  echo "$hash" >"$stamp"
}
