package scheduler_test

import (
	"context"
	"fmt"
	"path/filepath"
	"testing"
	"time"

	"github.com/warroom/warroom-incident-app/pkg/incident"
	"github.com/warroom/warroom-incident-app/pkg/scheduler"
	"github.com/warroom/warroom-incident-app/pkg/store"
)

// seenStore records how many events each DueIncidents page handed over.
type seenStore struct {
	store.Store
	events []int
}

func (s *seenStore) DueIncidents(ctx context.Context, now time.Time, after store.Cursor, limit int) ([]store.DueIncident, error) {
	page, err := s.Store.DueIncidents(ctx, now, after, limit)
	for _, oi := range page {
		s.events = append(s.events, len(oi.Events))
	}
	return page, err
}

// TestChattyIncidentFiresAsAQuietOne: an incident with 3,000 notes (some
// dated ahead of the facts after them) is read with only its timer events
// and fires exactly what the same incident without notes fires.
func TestChattyIncidentFiresAsAQuietOne(t *testing.T) {
	ctx := t.Context()
	run := func(t *testing.T, notes int) ([]string, []int) {
		st := &seenStore{Store: openStore(t, filepath.Join(t.TempDir(), "warroom.db"))}
		inc, err := st.CreateIncident(ctx, 1, store.NewIncident{Title: "checkout down", Severity: incident.P1, Status: incident.Investigating,
			Author: "ada", At: t0, Details: incident.Details{}.Normalize()},
			[]store.NewEvent{{Kind: incident.EventDeclared, Author: "ada", At: t0}})
		if err != nil {
			t.Fatal(err)
		}
		chatter := func(n int, at time.Time) {
			evs := make([]store.NewEvent, n)
			for i := range evs {
				// An instance whose clock runs 20 minutes ahead.
				evs[i] = store.NewEvent{Kind: incident.EventNote, Author: "bob", At: at.Add(20 * time.Minute), Payload: map[string]any{"text": fmt.Sprint(i)}}
			}
			if _, err := st.AppendEvents(ctx, 1, inc.ID, evs); err != nil {
				t.Fatal(err)
			}
		}
		chatter(notes/2, t0.Add(5*time.Minute))
		if _, err := st.AppendEvents(ctx, 1, inc.ID, []store.NewEvent{{Kind: incident.EventStatusUpdate, Author: "ada",
			At: t0.Add(10 * time.Minute), Payload: map[string]any{"subject": "s", "body": "b"}}}); err != nil {
			t.Fatal(err)
		}
		chatter(notes-notes/2, t0.Add(12*time.Minute))
		s := &scheduler.Scheduler{Store: st}
		for _, at := range []time.Duration{20 * time.Minute, 40 * time.Minute, 70 * time.Minute} {
			if _, err := s.Tick(ctx, t0.Add(at)); err != nil {
				t.Fatal(err)
			}
		}
		evs, err := st.ListEvents(ctx, 1, inc.ID, 0)
		if err != nil {
			t.Fatal(err)
		}
		var fired []string
		for _, e := range evs {
			if e.Kind == incident.EventEscalation || e.Kind == incident.EventUpdateDue {
				fired = append(fired, fmt.Sprintf("%v@%s", e.Payload["key"], e.At.Sub(t0)))
			}
		}
		return fired, st.events
	}
	quiet, _ := run(t, 0)
	chatty, seen := run(t, 3000)
	if len(quiet) == 0 {
		t.Fatal("the scenario fires nothing: it proves nothing")
	}
	if fmt.Sprint(chatty) != fmt.Sprint(quiet) {
		t.Errorf("with 3,000 notes the scheduler fired\n%v\nwithout them\n%v", chatty, quiet)
	}
	for _, n := range seen {
		if n > 10 {
			t.Fatalf("a tick read %d events of the chatty incident, want only its few timer events (%v)", n, seen)
		}
	}
}
