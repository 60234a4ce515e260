// Package crashchild runs a writer in a child process and kills it with
// SIGKILL mid-stream, for the store's crash test (pkg/store/storetest
// RunCrash). Test-only: it re-executes the test binary, reads its own
// environment variable and prints acknowledgements to stdout, none of which a
// plugin may do, so it lives outside pkg/ (the plugin's source as Grafana's
// catalog checks it) and is never linked into gpx_warroom.
package crashchild

import (
	"bufio"
	"context"
	"fmt"
	"io"
	"os"
	"os/exec"
	"strings"
	"syscall"
	"testing"
	"time"
)

// env carries the location to the child.
const env = "WARROOM_STORETEST_CRASH_CHILD"

// Writer opens the store at location and returns a function that makes write
// number n durable and returns its id.
type Writer func(ctx context.Context, location string) (write func(n int) (string, error), err error)

// Child turns this process into the crash writer when it was started as one
// (by Run), and never returns then. Call it first in TestMain.
func Child(open Writer) {
	location := os.Getenv(env)
	if location == "" {
		return
	}
	write, err := open(context.Background(), location)
	if err != nil {
		fmt.Fprintln(os.Stderr, "crash child: open:", err)
		os.Exit(3)
	}
	// Bounded, so an orphaned child cannot write forever.
	deadline := time.Now().Add(2 * time.Minute)
	for i := 1; time.Now().Before(deadline); i++ {
		id, err := write(i)
		if err != nil {
			fmt.Fprintln(os.Stderr, "crash child: write:", err)
			os.Exit(4)
		}
		// os.Stdout is unbuffered: the line leaves the process in this call.
		fmt.Printf("%s %d\n", id, i)
	}
	os.Exit(5)
}

// Run starts the child on location, kills it with SIGKILL after `acks`
// acknowledged writes and returns them (id → write number). The child must
// run Child (from TestMain).
func Run(t *testing.T, location string, acks int) map[string]int {
	t.Helper()
	// The child runs no tests. #nosec G702 -- re-executes this test binary; no input reaches the command.
	cmd := exec.Command(os.Args[0], "-test.run=^$") // #nosec G702
	cmd.Env = append(os.Environ(), env+"="+location)
	var stderr strings.Builder
	cmd.Stderr = &stderr
	out, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatalf("start crash child: %v", err)
	}
	killed := false
	defer func() {
		if !killed {
			_ = cmd.Process.Kill()
			_ = cmd.Wait()
		}
	}()

	acked := map[string]int{}
	lines := bufio.NewScanner(out)
	for len(acked) < acks && lines.Scan() {
		var id string
		var n int
		if _, err := fmt.Sscanf(lines.Text(), "%s %d", &id, &n); err != nil {
			t.Fatalf("crash child printed %q: %v", lines.Text(), err)
		}
		acked[id] = n
	}
	if len(acked) < acks {
		t.Fatalf("crash child stopped after %d acknowledged writes: %v\nstderr: %s", len(acked), lines.Err(), stderr.String())
	}
	// Kill mid-stream: the child is inside its next write right now.
	if err := cmd.Process.Signal(syscall.SIGKILL); err != nil {
		t.Fatalf("kill crash child: %v", err)
	}
	_, _ = io.Copy(io.Discard, out) // drain, so Wait does not block on the pipe
	err = cmd.Wait()
	killed = true
	if ws, ok := cmd.ProcessState.Sys().(syscall.WaitStatus); !ok || !ws.Signaled() || ws.Signal() != syscall.SIGKILL {
		t.Fatalf("crash child was not killed by SIGKILL (%v); stderr: %s", err, stderr.String())
	}
	return acked
}
