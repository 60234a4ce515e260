#!/usr/bin/env python3
"""Print "<passed> <failed>" for one suite's output, by runner kind.

go:     `go test -json` stream; counts test (and subtest) pass/fail events.
jest:   the file written by `jest --json --outputFile`.
playwright: Playwright's JSON report (its stats: expected and flaky pass, unexpected fail).
line:   any log containing a final "N passed, N failed" line (check-dist, the validator).
A suite whose command failed but whose output shows no failure counts one
failure, so a crash can never read as green.
"""
import json
import re
import sys

kind, path, exit_code = sys.argv[1], sys.argv[2], int(sys.argv[3])
passed = failed = 0
try:
    if kind == "go":
        for line in open(path, encoding="utf-8", errors="replace"):
            try:
                ev = json.loads(line)
            except ValueError:
                continue
            if ev.get("Test") and ev.get("Action") == "pass":
                passed += 1
            elif ev.get("Test") and ev.get("Action") == "fail":
                failed += 1
    elif kind == "jest":
        report = json.load(open(path))
        passed, failed = report["numPassedTests"], report["numFailedTests"]
    elif kind == "playwright":
        stats = json.load(open(path))["stats"]
        passed, failed = stats["expected"] + stats["flaky"], stats["unexpected"]
    elif kind == "line":
        for line in open(path, encoding="utf-8", errors="replace"):
            m = re.search(r"^(?:\w+: )?(\d+) passed, (\d+) failed", line.strip())
            if m:
                passed, failed = passed + int(m.group(1)), failed + int(m.group(2))
except (OSError, ValueError, KeyError):
    pass
if exit_code != 0 and failed == 0:
    failed = 1
if exit_code == 0 and passed == 0 and failed == 0:
    failed = 1  # a suite that ran nothing is not a pass
print(passed, failed)
