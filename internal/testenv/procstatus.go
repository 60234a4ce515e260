package testenv

import (
	"bufio"
	"fmt"
	"os"
	"strconv"
	"strings"
	"testing"
)

// ProcStatusKB reads a kB field of /proc/<pid>/status (Linux), such as
// VmRSS or VmHWM (the peak, which writing 5 to /proc/<pid>/clear_refs
// resets).
func ProcStatusKB(tb testing.TB, pid int, field string) int {
	tb.Helper()
	f, err := os.Open(fmt.Sprintf("/proc/%d/status", pid))
	if err != nil {
		tb.Fatal(err)
	}
	defer f.Close()
	s := bufio.NewScanner(f)
	for s.Scan() {
		name, rest, ok := strings.Cut(s.Text(), ":")
		if !ok || name != field {
			continue
		}
		kb, err := strconv.Atoi(strings.TrimSuffix(strings.TrimSpace(rest), " kB"))
		if err != nil {
			tb.Fatalf("%s: %q", field, rest)
		}
		return kb
	}
	tb.Fatalf("no %s in /proc/%d/status", field, pid)
	return 0
}
