package storetest

import (
	"errors"
	"fmt"
	"sort"
	"sync"
	"testing"
	"time"

	"github.com/warroom/warroom-incident-app/pkg/incident"
	"github.com/warroom/warroom-incident-app/pkg/store"
)

func testIDs(t *testing.T, st store.Store) {
	lastMoment := time.Date(2026, 3, 14, 23, 59, 59, 999999999, time.UTC)
	steps := []struct {
		org  int64
		at   time.Time
		want string
	}{
		{1, day0, "INC-2026-03-14-001"},
		{1, day0, "INC-2026-03-14-002"},
		{1, lastMoment, "INC-2026-03-14-003"},
		{1, lastMoment.Add(time.Nanosecond), "INC-2026-03-15-001"}, // rollover restarts
		{2, day0, "INC-2026-03-14-001"},                            // per-org counters
		{1, day0, "INC-2026-03-14-004"},                            // an old day continues
		{2, lastMoment.Add(time.Nanosecond), "INC-2026-03-15-001"},
		{1, lastMoment.Add(time.Nanosecond), "INC-2026-03-15-002"},
	}
	for i, s := range steps {
		if got := mustCreate(t, st, s.org, newInc(fmt.Sprint("step ", i), s.at)); got.ID != s.want {
			t.Fatalf("step %d (org %d, %s): id %s, want %s", i, s.org, s.at, got.ID, s.want)
		}
	}
}

// 50 declares at once in one org: ids 001..050, none lost or repeated.
func testConcurrentCreate(t *testing.T, st store.Store) {
	const n = 50
	ids := make([]string, n)
	errs := make([]error, n)
	var wg sync.WaitGroup
	for i := range n {
		wg.Go(func() {
			inc, err := st.CreateIncident(t.Context(), 1, newInc(fmt.Sprint("parallel ", i), day0),
				[]store.NewEvent{declared(day0, map[string]any{"i": i})})
			ids[i], errs[i] = inc.ID, err
		})
	}
	wg.Wait()
	if err := errors.Join(errs...); err != nil {
		t.Fatalf("parallel creates failed: %v", err)
	}
	sort.Strings(ids)
	for i, id := range ids {
		if want := incident.FormatID(day0, int64(i+1)); id != want {
			t.Fatalf("sorted ids[%d] = %s, want %s (all: %v)", i, id, want, ids)
		}
		if evs := mustEvents(t, st, 1, id, 0); len(evs) != 1 || evs[0].Seq != 1 {
			t.Fatalf("%s timeline: %+v", id, evs)
		}
	}
	if page, err := st.ListIncidents(t.Context(), 1, store.Filter{}); err != nil || page.Total != n {
		t.Fatalf("list after parallel creates: total %d, %v", page.Total, err)
	}
}

// A create that fails part-way leaves nothing behind, not even its number.
func testCreateAtomic(t *testing.T, st store.Store) {
	bad := store.NewEvent{Kind: incident.EventDeclared, At: day0, Payload: map[string]any{"x": make(chan int)}}
	if _, err := st.CreateIncident(t.Context(), 1, newInc("doomed", day0), []store.NewEvent{bad}); err == nil {
		t.Fatal("create with an unencodable event payload succeeded")
	}
	if page, err := st.ListIncidents(t.Context(), 1, store.Filter{}); err != nil || page.Total != 0 {
		t.Fatalf("failed create left %d incidents (%v)", page.Total, err)
	}
	if got := mustCreate(t, st, 1, newInc("next", day0)); got.ID != "INC-2026-03-14-001" {
		t.Fatalf("after a failed create the next id is %s, want …-001 (no gap)", got.ID)
	}
}

// 20 writers holding the same version: exactly one wins, the rest conflict,
// and the winner's change and event are what is stored.
func testConcurrentUpdate(t *testing.T, st store.Store) {
	base := mustCreate(t, st, 1, newInc("contended", day0), declared(day0, nil))
	const n = 20
	results := make([]incident.Incident, n)
	errs := make([]error, n)
	var wg sync.WaitGroup
	for i := range n {
		wg.Go(func() {
			inc := base
			inc.Title = fmt.Sprint("writer ", i)
			inc.UpdatedAt = day0.Add(time.Duration(i+1) * time.Second)
			ev := store.NewEvent{Kind: incident.EventTitleChanged, Author: fmt.Sprint("w", i), At: inc.UpdatedAt,
				Payload: map[string]any{"writer": i}}
			results[i], errs[i] = st.UpdateIncident(t.Context(), inc, []store.NewEvent{ev})
		})
	}
	wg.Wait()
	winner := -1
	for i, err := range errs {
		switch {
		case err == nil && winner >= 0:
			t.Fatalf("writers %d and %d both succeeded with version %d", winner, i, base.Version)
		case err == nil:
			winner = i
		case !errors.Is(err, store.ErrConflict):
			t.Fatalf("writer %d: want ErrConflict, got %v", i, err)
		}
	}
	if winner < 0 {
		t.Fatal("no writer succeeded")
	}
	got := mustGet(t, st, 1, base.ID)
	if got.Version != 2 || got.Title != fmt.Sprint("writer ", winner) {
		t.Fatalf("stored %q v%d, want the winner's %q v2", got.Title, got.Version, fmt.Sprint("writer ", winner))
	}
	sameIncident(t, "winner's result vs stored", results[winner], got)
	evs := mustEvents(t, st, 1, base.ID, 0)
	if len(evs) != 2 || evs[1].Seq != 2 || evs[1].Payload["writer"] != float64(winner) {
		t.Fatalf("timeline %+v, want declared + the winner's event only", evs)
	}
}
