package storetest

import (
	"errors"
	"fmt"
	"sync"
	"testing"
	"time"

	"github.com/warroom/warroom-incident-app/pkg/incident"
	"github.com/warroom/warroom-incident-app/pkg/store"
)

func testEvents(t *testing.T, st store.Store) {
	ctx := t.Context()
	inc := mustCreate(t, st, 1, newInc("timeline", day0), declared(day0, map[string]any{"title": "timeline"}))
	at := day0.Add(time.Minute + 999*time.Nanosecond)
	payload := map[string]any{
		"text":   "rolled back to v41 — «ok»",
		"count":  3,
		"ratio":  0.25,
		"ok":     true,
		"none":   nil,
		"list":   []any{"a", 1, false},
		"nested": map[string]any{"deep": map[string]any{"x": "y"}},
	}
	added, err := st.AppendEvents(ctx, 1, inc.ID, []store.NewEvent{
		{Kind: incident.EventNote, Author: "bob", At: at, Payload: payload},
		{Kind: incident.EventNote, Author: "eve", At: at.Add(time.Second)}, // no payload
	})
	if err != nil {
		t.Fatal(err)
	}
	// JSON numbers come back as float64, from the append as from the list.
	wantPayload := map[string]any{
		"text": "rolled back to v41 — «ok»", "count": float64(3), "ratio": 0.25, "ok": true, "none": nil,
		"list": []any{"a", float64(1), false}, "nested": map[string]any{"deep": map[string]any{"x": "y"}},
	}
	want := []incident.Event{
		{OrgID: 1, IncidentID: inc.ID, Seq: 2, Kind: incident.EventNote, Author: "bob", At: us(at), Payload: wantPayload},
		{OrgID: 1, IncidentID: inc.ID, Seq: 3, Kind: incident.EventNote, Author: "eve", At: us(at.Add(time.Second))},
	}
	sameEvents(t, "appended", added, want)
	all := mustEvents(t, st, 1, inc.ID, 0)
	if len(all) != 3 || all[0].Seq != 1 || all[0].Kind != incident.EventDeclared {
		t.Fatalf("full timeline %+v", all)
	}
	sameEvents(t, "listed", all[1:], want)
	sameEvents(t, "after seq 1", mustEvents(t, st, 1, inc.ID, 1), want)
	sameEvents(t, "after seq 2", mustEvents(t, st, 1, inc.ID, 2), want[1:])
	if evs := mustEvents(t, st, 1, inc.ID, 3); evs == nil || len(evs) != 0 {
		t.Fatalf("after the last seq: %#v, want an empty non-nil slice", evs)
	}

	// Appending nothing is allowed and changes nothing.
	if evs, err := st.AppendEvents(ctx, 1, inc.ID, nil); err != nil || len(evs) != 0 {
		t.Fatalf("empty append: %v, %v", evs, err)
	}
	// Appending does not touch the incident.
	sameIncident(t, "incident after appends", mustGet(t, st, 1, inc.ID), inc)
	_, err = st.AppendEvents(ctx, 1, "INC-2026-03-14-404", []store.NewEvent{{Kind: incident.EventNote, At: at}})
	wantErr(t, "append to unknown", err, store.ErrNotFound)
}

// Parallel appends and updates on one incident: seqs stay 1..N, no gaps.
func testConcurrentAppend(t *testing.T, st store.Store) {
	inc := mustCreate(t, st, 1, newInc("busy", day0), declared(day0, nil))
	const n = 20
	errs := make([]error, n+1)
	var wg sync.WaitGroup
	for i := range n {
		wg.Go(func() {
			_, errs[i] = st.AppendEvents(t.Context(), 1, inc.ID, []store.NewEvent{
				{Kind: incident.EventNote, Author: fmt.Sprint("a", i), At: day0, Payload: map[string]any{"i": i}},
				{Kind: incident.EventNote, Author: fmt.Sprint("b", i), At: day0},
			})
		})
	}
	wg.Go(func() { // an update racing the appends takes its seq in turn
		next := inc
		next.Title = "busy, renamed"
		_, errs[n] = st.UpdateIncident(t.Context(), next, []store.NewEvent{{Kind: incident.EventTitleChanged, At: day0}})
	})
	wg.Wait()
	if err := errors.Join(errs...); err != nil {
		t.Fatal(err)
	}
	evs := mustEvents(t, st, 1, inc.ID, 0)
	if len(evs) != 2*n+2 {
		t.Fatalf("%d events, want %d", len(evs), 2*n+2)
	}
	for i, ev := range evs {
		if ev.Seq != int64(i+1) {
			t.Fatalf("event %d has seq %d; seqs: %v", i, ev.Seq, seqs(evs))
		}
	}
	// The two events of one append are adjacent: appends are atomic.
	for i, ev := range evs {
		if ev.Kind == incident.EventNote && ev.Author[0] == 'a' {
			if next := evs[i+1]; next.Author != "b"+ev.Author[1:] {
				t.Fatalf("append of %s was split: next is %+v", ev.Author, next)
			}
		}
	}
}

func seqs(evs []incident.Event) []int64 {
	out := make([]int64, 0, len(evs))
	for _, e := range evs {
		out = append(out, e.Seq)
	}
	return out
}
