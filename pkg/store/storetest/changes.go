package storetest

import (
	"context"
	"reflect"
	"testing"
	"time"

	"github.com/warroom/warroom-incident-app/pkg/incident"
	"github.com/warroom/warroom-incident-app/pkg/store"
)

// testChanges: every kind of write that changes an incident or its
// timeline announces the incident's new mark once committed; a write that
// rolls back announces nothing. A mark may arrive twice (PostgreSQL hears
// its own writes from the store and from NOTIFY), never one that was not
// committed.
func testChanges(t *testing.T, st store.Store) {
	ctx, cancel := context.WithCancel(t.Context())
	marks := make(chan store.Mark, 100)
	ready := make(chan struct{})
	done := make(chan error, 1)
	go func() { done <- st.Changes(ctx, func() { close(ready) }, func(m store.Mark) { marks <- m }) }()
	select {
	case <-ready:
	case err := <-done:
		t.Fatalf("Changes ended before it was ready: %v", err)
	}
	announced := map[store.Mark]bool{}
	expect := func(what string, want store.Mark) {
		t.Helper()
		announced[want] = true
		for {
			select {
			case got := <-marks:
				if got == want {
					return
				}
				if !announced[got] {
					t.Fatalf("after %s: announced %+v, which no committed write left (want %+v)", what, got, want)
				}
			case <-time.After(10 * time.Second): // a failure bound, not a wait: the mark is due at commit
				t.Fatalf("after %s: no mark %+v announced", what, want)
			}
		}
	}
	note := func(text string) []store.NewEvent {
		return []store.NewEvent{{Kind: incident.EventNote, Author: "ada", At: day0, Payload: map[string]any{"text": text}}}
	}

	inc := mustCreate(t, st, 1, newInc("watched", day0), declared(day0, nil))
	expect("a create", store.Mark{OrgID: 1, ID: inc.ID, Version: 1, LastSeq: 1})
	if _, err := st.AppendEvents(ctx, 1, inc.ID, note("first")); err != nil {
		t.Fatal(err)
	}
	expect("a note", store.Mark{OrgID: 1, ID: inc.ID, Version: 1, LastSeq: 2})

	// A stale update rolls back: nothing to announce.
	stale := inc
	stale.Version = 7
	if _, err := st.UpdateIncident(ctx, stale, note("stale")); err == nil {
		t.Fatal("a stale update succeeded")
	}
	inc.Severity = incident.P1
	inc, err := st.UpdateIncident(ctx, inc, nil)
	if err != nil {
		t.Fatal(err)
	}
	expect("an update without events", store.Mark{OrgID: 1, ID: inc.ID, Version: 2, LastSeq: 2})
	if _, err := st.AttachEvents(ctx, 1, inc.ID, func(incident.Incident, []incident.Event) ([]store.NewEvent, error) {
		return note("attached"), nil
	}); err != nil {
		t.Fatal(err)
	}
	expect("an attach", store.Mark{OrgID: 1, ID: inc.ID, Version: 2, LastSeq: 3})
	inc.Status = incident.Identified
	if _, err := st.Commit(ctx, store.Effects{OrgID: 1, IncidentID: inc.ID, Key: "k", At: day0, ExpectVersion: inc.Version,
		Update: &inc, Events: note("committed")}); err != nil {
		t.Fatal(err)
	}
	expect("a scheduler commit", store.Mark{OrgID: 1, ID: inc.ID, Version: 3, LastSeq: 4})
	other := mustCreate(t, st, 2, newInc("other org", day0), declared(day0, nil))
	expect("a create in another org", store.Mark{OrgID: 2, ID: other.ID, Version: 1, LastSeq: 1})

	cancel()
	if err := <-done; err != nil {
		t.Fatalf("Changes ended with %v when its context did", err)
	}
}

// testMarks: one read answers where many incidents of several orgs stand;
// a key of no incident (or of the same id in another org) has no entry.
func testMarks(t *testing.T, st store.Store) {
	a := mustCreate(t, st, 1, newInc("a", day0), declared(day0, nil))
	b := mustCreate(t, st, 1, newInc("b", day0))
	c := mustCreate(t, st, 2, newInc("c", day0), declared(day0, nil))
	if _, err := st.AppendEvents(t.Context(), 1, a.ID, []store.NewEvent{declared(day0, nil)}); err != nil {
		t.Fatal(err)
	}
	got, err := st.Marks(t.Context(), []store.Cursor{{OrgID: 1, ID: a.ID}, {OrgID: 1, ID: b.ID}, {OrgID: 2, ID: c.ID},
		{OrgID: 3, ID: a.ID}, {OrgID: 1, ID: "INC-2000-01-01-001"}})
	if err != nil {
		t.Fatal(err)
	}
	want := map[store.Cursor]store.Mark{
		{OrgID: 1, ID: a.ID}: {OrgID: 1, ID: a.ID, Version: 1, LastSeq: 2},
		{OrgID: 1, ID: b.ID}: {OrgID: 1, ID: b.ID, Version: 1, LastSeq: 0},
		{OrgID: 2, ID: c.ID}: {OrgID: 2, ID: c.ID, Version: 1, LastSeq: 1},
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("marks:\n got  %+v\n want %+v", got, want)
	}
	if got, err := st.Marks(t.Context(), nil); err != nil || len(got) != 0 {
		t.Errorf("marks of nothing: %v %v", got, err)
	}
}
