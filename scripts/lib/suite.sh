# Helpers for scripts/test.sh: run one suite, keep its log, add up counts.
# shellcheck shell=bash
TOTAL_PASSED=0
TOTAL_FAILED=0
FAILED_SUITES=()
LOG_DIR="${LOG_DIR:-.run/logs}"
mkdir -p "$LOG_DIR"

# check NAME CMD... — a suite that is one pass or one failure.
check() {
  local name=$1; shift
  local log="$LOG_DIR/$name.log" start=$SECONDS
  if "$@" >"$log" 2>&1; then
    TOTAL_PASSED=$((TOTAL_PASSED + 1)); echo "ok    $name ($((SECONDS - start))s)"
  else
    TOTAL_FAILED=$((TOTAL_FAILED + 1)); FAILED_SUITES+=("$name")
    echo "FAIL  $name ($((SECONDS - start))s) — last lines of $log:"; tail -n 40 "$log" | sed 's/^/      /'
  fi
}

# counted NAME KIND REPORT CMD... — a suite whose runner reports test counts
# (KIND go|jest|playwright|line, parsed from REPORT by lib/count.py).
counted() {
  local name=$1 kind=$2 report=$3; shift 3
  local log="$LOG_DIR/$name.log" start=$SECONDS code=0 lib
  lib="$(dirname "${BASH_SOURCE[0]}")"
  # A report left by an earlier run must not stand in for this one's.
  [ "$report" = - ] || rm -f "$report"
  "$@" >"$log" 2>&1 || code=$?
  [ "$kind" = go ] && report=$log
  [ "$kind" = line ] && report=$log
  read -r p f < <(python3 "$lib/count.py" "$kind" "$report" "$code")
  TOTAL_PASSED=$((TOTAL_PASSED + p)); TOTAL_FAILED=$((TOTAL_FAILED + f))
  if [ "$f" -eq 0 ]; then
    echo "ok    $name: $p passed ($((SECONDS - start))s)"
  else
    FAILED_SUITES+=("$name")
    echo "FAIL  $name: $p passed, $f failed ($((SECONDS - start))s) — failures from $log:"
    # Each failing test's name and assertion (lib/failures.py), not the log's last lines.
    case "$kind" in
      go | jest | playwright) python3 "$lib/failures.py" "$kind" "$report" || tail -n 40 "$log" ;;
      *) tail -n 60 "$log" ;;
    esac | head -n 200 | sed 's/^/      /'
  fi
}

summary() {
  echo
  if [ ${#FAILED_SUITES[@]} -gt 0 ]; then
    echo "failed suites: ${FAILED_SUITES[*]} (logs in $LOG_DIR)"
    # A full disk fails suites at random places ("no space left on device"): show the room left.
    echo "free disk: $(df -Ph . "${TMPDIR:-/tmp}" "$(go env GOCACHE 2>/dev/null || echo .)" 2>/dev/null |
      awk 'NR > 1 && !seen[$6]++ { printf "%s%s on %s", sep, $4, $6; sep = ", " }')"
  fi
  echo "$TOTAL_PASSED passed, $TOTAL_FAILED failed"
  [ "$TOTAL_FAILED" -eq 0 ]
}
