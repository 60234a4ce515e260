package storetest

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

	"github.com/warroom/warroom-incident-app/pkg/incident"
	"github.com/warroom/warroom-incident-app/pkg/store"
)

// The crash test re-executes the test binary as a writer. The child opens
// the store at the location in crashEnv, declares incidents in a loop and
// prints "ID N" for each only after CreateIncident returned. The parent
// SIGKILLs it mid-stream, reopens the store and requires every acknowledged
// incident and its declared event: an acknowledgement is a promise.
const crashEnv = "WARROOM_STORETEST_CRASH_CHILD"

const crashOrg = 7

// OpenAt opens a store at a location (a SQLite path or a PostgreSQL DSN), in
// the parent as in the child.
type OpenAt func(ctx context.Context, location string) (store.Store, error)

// CrashChild turns this process into the crash writer when it was started as
// one, and never returns then. Call it first in TestMain.
func CrashChild(open OpenAt) {
	location := os.Getenv(crashEnv)
	if location == "" {
		return
	}
	ctx := context.Background()
	st, err := open(ctx, location)
	if err != nil {
		fmt.Fprintln(os.Stderr, "crash child: open:", err)
		os.Exit(3)
	}
	// Bounded, so an orphaned child cannot write forever.
	deadline := time.Now().Add(2 * time.Minute)
	for i := 1; time.Now().Before(deadline); i++ {
		now := time.Now()
		inc, err := st.CreateIncident(ctx, crashOrg, newInc(fmt.Sprint("crash ", i), now),
			[]store.NewEvent{declared(now, map[string]any{"n": i})})
		if err != nil {
			fmt.Fprintln(os.Stderr, "crash child: create:", err)
			os.Exit(4)
		}
		// os.Stdout is unbuffered: the line leaves the process in this call.
		fmt.Printf("%s %d\n", inc.ID, i)
	}
	os.Exit(5)
}

// RunCrash starts the child on location, kills it with SIGKILL after `acks`
// acknowledged writes, then checks every acknowledged write with a fresh
// store. The child must run CrashChild (from TestMain).
func RunCrash(t *testing.T, location string, open OpenAt, acks int) {
	cmd := exec.Command(os.Args[0], "-test.run=^$") // the child runs no tests
	cmd.Env = append(os.Environ(), crashEnv+"="+location)
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

	st, err := open(t.Context(), location)
	if err != nil {
		t.Fatalf("reopen after the crash: %v", err)
	}
	defer st.Close()
	for id, n := range acked {
		inc, err := st.GetIncident(t.Context(), crashOrg, id)
		if err != nil {
			t.Fatalf("acknowledged %s (write %d) is gone after the crash: %v", id, n, err)
		}
		if inc.Title != fmt.Sprint("crash ", n) {
			t.Fatalf("%s has title %q, want %q", id, inc.Title, fmt.Sprint("crash ", n))
		}
		evs, err := st.ListEvents(t.Context(), crashOrg, id, 0)
		if err != nil || len(evs) != 1 || evs[0].Kind != incident.EventDeclared || evs[0].Payload["n"] != float64(n) {
			t.Fatalf("%s lost its declared event after the crash: %+v, %v", id, evs, err)
		}
	}
	// The store is usable and consistent: a new write continues the count.
	page, err := st.ListIncidents(t.Context(), crashOrg, store.Filter{})
	if err != nil || page.Total < len(acked) {
		t.Fatalf("after the crash: total %d (%v), acknowledged %d", page.Total, err, len(acked))
	}
	if _, err := st.CreateIncident(t.Context(), crashOrg, newInc("after the crash", time.Now()), nil); err != nil {
		t.Fatalf("write after the crash: %v", err)
	}
}
