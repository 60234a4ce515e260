#!/usr/bin/env python3
"""Print each failing test's name and its assertion, for test.sh's failure summary.

failures.py jest REPORT   REPORT is the file of `jest --json --outputFile`: each failed test's
                          full name, its file, and its failure message without the stack
                          frames inside node_modules.
failures.py go LOG        LOG is a `go test -json` stream: each failed test (a parent whose
                          subtests failed only by name), with the lines its t.Error/t.Fatal
                          wrote (`x_test.go:NN: …` and their continuation lines), race reports
                          and panics. Everything else a test printed (the SDK's debug log,
                          moto's tracebacks, server output) is left out; it stays in the log.
failures.py playwright REPORT   REPORT is Playwright's JSON report: each unexpected test's
                          title path and its last attempt's error message, and errors raised
                          outside any test (global set-up).
Output is capped per test so one noisy failure cannot hide the others.
"""
import json
import re
import sys

ANSI = re.compile(r"\x1b\[[0-9;]*m")
MAX_LINES = 15


def jest(path):
    report = json.load(open(path, encoding="utf-8"))
    root = report.get("testResults", [])
    for suite in root:
        name = suite["name"].split("/src/", 1)[-1]
        failed = [t for t in suite.get("assertionResults", []) if t["status"] == "failed"]
        if not failed and suite.get("status") == "failed":
            # The file did not run (syntax error, failing import, hook error).
            print(f"✕ src/{name}: test file failed to run")
            emit(message_lines(suite.get("message", "")))
        for t in failed:
            print(f"✕ src/{name}: {t['fullName']}")
            emit(message_lines("\n".join(t.get("failureMessages") or [])))


def message_lines(message):
    lines = []
    for line in ANSI.sub("", message).splitlines():
        s = line.strip()
        if not s:
            continue
        if s.startswith("at ") and ("node_modules" in s or "node:" in s or "/src/" not in s):
            continue
        lines.append(line.rstrip())
    return lines


def emit(lines):
    for line in lines[:MAX_LINES]:
        print("    " + line.strip() if line.lstrip().startswith("at ") else "    " + line)
    if len(lines) > MAX_LINES:
        print(f"    … {len(lines) - MAX_LINES} more lines in the log")


# t.Error/t.Fatal/t.Log lines: "    x_test.go:12: msg" (or a helper's file, e.g. a contract suite's).
ASSERTION = re.compile(r"^(\s+)\S+\.go:\d+: ")
# Log lines that reach the test's output through t.Log (SDK, server and emulator logs).
NOISE = re.compile(r"[Ll]evel=([Dd]ebug|[Tt]race)|\[(DEBUG|TRACE)\]| DEBUG |^\s+\S+\.go:\d+: (Traceback|  File )")
KEEP = re.compile(r"^(panic: |fatal error: |WARNING: DATA RACE|\s+testing\.go:\d+: race detected)")


def assertion_lines(output):
    """The t.Error/t.Fatal lines of one test's output, with their indented continuation lines."""
    kept, indent = [], None
    for raw in output:
        line = raw.rstrip("\n")
        m = ASSERTION.match(line)
        if m and not NOISE.search(line):
            kept.append(line)
            indent = len(m.group(1))
        elif indent is not None and line.startswith(" " * (indent + 1)) and line.strip():
            kept.append(line)  # a multi-line message continues, indented deeper
        elif KEEP.match(line):
            kept.append(line)
            indent = None
        else:
            indent = None
    return kept


def go(path):
    out, failed, order, loose, builds, failed_build = {}, set(), [], [], {}, {}
    for line in open(path, encoding="utf-8", errors="replace"):
        try:
            ev = json.loads(line)
        except ValueError:
            loose.append(line.rstrip())  # build errors and other text outside the JSON stream
            continue
        key = (ev.get("Package", ""), ev.get("Test", ""))
        if ev.get("Action") == "build-output":  # compiler errors, keyed by the build they belong to
            builds.setdefault(ev.get("ImportPath", ""), []).append(ev.get("Output", ""))
        elif ev.get("Action") == "output":
            out.setdefault(key, []).append(ev.get("Output", ""))
        elif ev.get("Action") == "fail":
            failed.add(key)
            order.append(key)
            if ev.get("FailedBuild"):
                failed_build[key] = ev["FailedBuild"]
    for pkg, test in order:
        if test and any(p == pkg and t.startswith(test + "/") for p, t in failed):
            continue  # the failing subtests say why
        if test:
            print(f"--- FAIL: {test} ({pkg})")
            lines = assertion_lines(out.get((pkg, test), []))
            if not lines:  # no t.Error line (e.g. a crash): the last lines it printed
                lines = [line.rstrip("\n") for line in out.get((pkg, test), [])][-5:]
            emit(lines)
        elif not any(p == pkg and t for p, t in failed):
            # The package failed outside any test: build error, TestMain, timeout, panic.
            print(f"FAIL {pkg}")
            lines = [line.rstrip("\n") for line in builds.get(failed_build.get((pkg, test), ""), [])]
            lines += [line.rstrip("\n") for line in out.get((pkg, ""), [])]
            lines = [line for line in lines if line.strip() and not line.startswith(("FAIL", "ok "))]
            emit(lines[-MAX_LINES:])
    if loose:
        print("output outside the test stream:")
        emit([line for line in loose if line.strip()])


def playwright(path):
    report = json.load(open(path, encoding="utf-8"))

    def walk(suite, titles):
        titles = titles + [suite["title"]] if suite.get("title") else titles
        for spec in suite.get("specs", []):
            for test in spec.get("tests", []):
                if test.get("status") != "unexpected":
                    continue
                print("✘ " + " › ".join(titles + [spec["title"]]))
                last = (test.get("results") or [{}])[-1]
                errors = last.get("errors") or ([last["error"]] if last.get("error") else [])
                emit(message_lines("\n".join(e.get("message", "") for e in errors)))
        for child in suite.get("suites", []):
            walk(child, titles)

    for suite in report.get("suites", []):
        walk(suite, [])
    for err in report.get("errors", []):
        print("✘ outside any test")
        emit(message_lines(err.get("message", "")))


if __name__ == "__main__":
    kind, path = sys.argv[1], sys.argv[2]
    try:
        {"jest": jest, "go": go, "playwright": playwright}[kind](path)
    except (OSError, ValueError, KeyError) as err:
        print(f"(no readable report at {path}: {err})")
        sys.exit(2)
