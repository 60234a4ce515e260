package storetest

import (
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/warroom/warroom-incident-app/internal/testenv/crashchild"
	"github.com/warroom/warroom-incident-app/pkg/incident"
	"github.com/warroom/warroom-incident-app/pkg/store"
)

// The crash test re-executes the test binary as a writer (internal/testenv/crashchild,
// which holds the process handling: environment, stdout, SIGKILL). The child
// opens the store, declares incidents in a loop and acknowledges each only
// after CreateIncident returned. The parent SIGKILLs it mid-stream, reopens
// the store and requires every acknowledged incident and its declared event:
// an acknowledgement is a promise.

const crashOrg = 7

// OpenAt opens a store at a location (a SQLite path or a PostgreSQL DSN), in
// the parent as in the child.
type OpenAt func(ctx context.Context, location string) (store.Store, error)

// CrashChild turns this process into the crash writer when it was started as
// one, and never returns then. Call it first in TestMain.
func CrashChild(open OpenAt) {
	crashchild.Child(func(ctx context.Context, location string) (func(int) (string, error), error) {
		st, err := open(ctx, location)
		if err != nil {
			return nil, err
		}
		return func(i int) (string, error) {
			now := time.Now()
			inc, err := st.CreateIncident(ctx, crashOrg, newInc(fmt.Sprint("crash ", i), now),
				[]store.NewEvent{declared(now, map[string]any{"n": i})})
			if err != nil {
				return "", err
			}
			return inc.ID, nil
		}, nil
	})
}

// RunCrash starts the child on location, kills it with SIGKILL after `acks`
// acknowledged writes, then checks every acknowledged write with a fresh
// store. The child must run CrashChild (from TestMain).
func RunCrash(t *testing.T, location string, open OpenAt, acks int) {
	acked := crashchild.Run(t, location, acks)

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
