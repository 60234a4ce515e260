package scheduler_test

import (
	"context"
	"errors"
	"path/filepath"
	"testing"
	"time"

	"github.com/grafana/grafana-plugin-sdk-go/backend/log"

	"github.com/warroom/warroom-incident-app/pkg/incident"
	"github.com/warroom/warroom-incident-app/pkg/scheduler"
	"github.com/warroom/warroom-incident-app/pkg/store"
)

// A tick reads an incident when it is new or written (its own firings
// included), and again only when its timers next change: ticks in between
// read nothing. A note (which no projection reads) does not bring it back; a
// status update does, at once.
func TestTickReadsOnlyWhatIsDue(t *testing.T) {
	ctx := t.Context()
	st := openStore(t, filepath.Join(t.TempDir(), "warroom.db"))
	// P2 by default: respond-by warns at 24m and is due at 30m.
	inc, err := st.CreateIncident(ctx, 1, store.NewIncident{Title: "checkout down", Severity: incident.P2, Status: incident.Investigating,
		Author: "ada", At: t0, Details: incident.Details{}.Normalize()}, []store.NewEvent{{Kind: incident.EventDeclared, Author: "ada", At: t0}})
	if err != nil {
		t.Fatal(err)
	}
	s := &scheduler.Scheduler{Store: st}
	tick := func(at time.Duration) scheduler.Stats {
		t.Helper()
		st, err := s.Tick(ctx, t0.Add(at))
		if err != nil {
			t.Fatal(err)
		}
		return st
	}
	for _, c := range []struct {
		at    time.Duration
		write func()
		read  int
	}{
		{at: time.Minute, read: 1}, // new: never computed
		{at: 2 * time.Minute, read: 0},
		{at: 14 * time.Minute, read: 0},
		{at: 15 * time.Minute, read: 1}, // p2-no-mitigation holds from 15m
		// Its firing's escalation event is a fact of the insights record
		// (store.ProjectionKinds): the next tick projects it once more.
		{at: 15*time.Minute + time.Second, read: 1},
		{at: 16 * time.Minute, write: func() {
			if _, err := st.AppendEvents(ctx, 1, inc.ID, []store.NewEvent{{Kind: incident.EventNote, Author: "bob", At: t0.Add(16 * time.Minute),
				Payload: map[string]any{"text": "looking"}}}); err != nil {
				t.Fatal(err)
			}
		}, read: 0},
		{at: 23*time.Minute + 59*time.Second, read: 0},
		{at: 24 * time.Minute, read: 1}, // respond-by and the update timer warn
		{at: 25 * time.Minute, write: func() {
			if _, err := st.AppendEvents(ctx, 1, inc.ID, []store.NewEvent{{Kind: incident.EventStatusUpdate, Author: "ada", At: t0.Add(25 * time.Minute),
				Payload: map[string]any{"subject": "s", "body": "b"}}}); err != nil {
				t.Fatal(err)
			}
		}, read: 1},
		{at: 26 * time.Minute, read: 0},
	} {
		if c.write != nil {
			c.write()
		}
		if got := tick(c.at); got.Incidents != c.read || got.Saved != c.read {
			t.Fatalf("tick at %v read %d and saved %d incidents, want %d", c.at, got.Incidents, got.Saved, c.read)
		}
	}
}

// failingSaves is a store whose projections cannot be written.
type failingSaves struct{ store.Store }

func (failingSaves) SaveProjections(context.Context, []store.Projection) error {
	return errors.New("disk full")
}

// A projection that cannot be stored costs a recomputation, not a firing:
// the tick still fires and succeeds, and the incident stays due.
func TestTickWhoseProjectionsCannotBeSavedStillFires(t *testing.T) {
	ctx := t.Context()
	st := openStore(t, filepath.Join(t.TempDir(), "warroom.db"))
	if _, err := st.CreateIncident(ctx, 1, store.NewIncident{Title: "checkout down", Severity: incident.P2, Status: incident.Investigating,
		Author: "ada", At: t0, Details: incident.Details{}.Normalize()}, []store.NewEvent{{Kind: incident.EventDeclared, Author: "ada", At: t0}}); err != nil {
		t.Fatal(err)
	}
	s := &scheduler.Scheduler{Store: failingSaves{st}, Logger: log.NewNullLogger()}
	for i, want := range []int{1, 0} { // p2-no-mitigation at 15m, then nothing new
		got, err := s.Tick(ctx, t0.Add(16*time.Minute))
		if err != nil || got.Incidents != 1 || got.Saved != 0 || got.Fired != want {
			t.Fatalf("tick %d: %+v %v, want the incident read again, %d fired, nothing saved", i+1, got, err, want)
		}
	}
}
