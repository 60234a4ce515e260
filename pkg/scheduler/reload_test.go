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

// racingStore plays another instance that edits the incident just before
// the scheduler's first commit, so the commit meets a moved version and the
// scheduler reloads; it records how the reload read the timeline.
type racingStore struct {
	store.Store
	raced       bool
	listed      int   // ListEvents calls: whole timelines read
	reloadSizes []int // events each EventsOf handed over
}

func (s *racingStore) Commit(ctx context.Context, e store.Effects) (store.Committed, error) {
	if !s.raced {
		s.raced = true
		inc, err := s.GetIncident(ctx, e.OrgID, e.IncidentID)
		if err != nil {
			return store.Committed{}, err
		}
		inc.Summary = "edited by another instance"
		if _, err := s.UpdateIncident(ctx, inc, nil); err != nil {
			return store.Committed{}, err
		}
	}
	return s.Store.Commit(ctx, e)
}

func (s *racingStore) ListEvents(ctx context.Context, orgID int64, id string, after int64) ([]incident.Event, error) {
	s.listed++
	return s.Store.ListEvents(ctx, orgID, id, after)
}

func (s *racingStore) EventsOf(ctx context.Context, orgID int64, ids []string, kinds []incident.EventKind) (map[string][]incident.Event, error) {
	m, err := s.Store.EventsOf(ctx, orgID, ids, kinds)
	for _, evs := range m {
		s.reloadSizes = append(s.reloadSizes, len(evs))
	}
	return m, err
}

// TestReloadReadsOnlyTimerEvents: when another writer moves an incident
// with 3,000 notes mid-tick, the scheduler recomputes from the stored
// incident and its few timer events, not the whole timeline, and fires
// what it fires without the race.
func TestReloadReadsOnlyTimerEvents(t *testing.T) {
	ctx := t.Context()
	run := func(t *testing.T, race bool) ([]string, *racingStore, scheduler.Stats) {
		st := &racingStore{Store: openStore(t, filepath.Join(t.TempDir(), "warroom.db")), raced: !race}
		inc, err := st.CreateIncident(ctx, 1, store.NewIncident{Title: "checkout down", Severity: incident.P1, Status: incident.Investigating,
			Author: "ada", At: t0, Details: incident.Details{}.Normalize()},
			[]store.NewEvent{{Kind: incident.EventDeclared, Author: "ada", At: t0}})
		if err != nil {
			t.Fatal(err)
		}
		notes := make([]store.NewEvent, 3000)
		for i := range notes {
			notes[i] = store.NewEvent{Kind: incident.EventNote, Author: "bob", At: t0.Add(time.Minute), Payload: map[string]any{"text": fmt.Sprint(i)}}
		}
		if _, err := st.AppendEvents(ctx, 1, inc.ID, append(notes, store.NewEvent{Kind: incident.EventStatusUpdate, Author: "ada",
			At: t0.Add(10 * time.Minute), Payload: map[string]any{"subject": "s", "body": "b"}})); err != nil {
			t.Fatal(err)
		}
		s := &scheduler.Scheduler{Store: st}
		stats, err := s.Tick(ctx, t0.Add(70*time.Minute))
		if err != nil || len(stats.Skipped) != 0 {
			t.Fatalf("tick: %v, skipped %v", err, stats.Skipped)
		}
		evs, err := st.Store.ListEvents(ctx, 1, inc.ID, 0) // past the counter
		if err != nil {
			t.Fatal(err)
		}
		var fired []string
		for _, e := range evs {
			if e.Kind == incident.EventEscalation || e.Kind == incident.EventUpdateDue {
				fired = append(fired, fmt.Sprintf("%v@%s", e.Payload["key"], e.At.Sub(t0)))
			}
		}
		return fired, st, stats
	}
	calm, _, _ := run(t, false)
	raced, st, stats := run(t, true)
	if len(calm) == 0 {
		t.Fatal("the scenario fires nothing: it proves nothing")
	}
	if stats.Conflicts == 0 {
		t.Fatal("no conflict: the race was not met, nothing was reloaded")
	}
	if st.listed != 0 {
		t.Errorf("the reload read the whole timeline %d times", st.listed)
	}
	if len(st.reloadSizes) == 0 {
		t.Errorf("the reload did not read the timer events")
	}
	for _, n := range st.reloadSizes {
		if n > 10 {
			t.Errorf("a reload read %d events, want only the few timer events (%v)", n, st.reloadSizes)
		}
	}
	if fmt.Sprint(raced) != fmt.Sprint(calm) {
		t.Errorf("after the race the scheduler fired\n%v\nwithout it\n%v", raced, calm)
	}
}
