package storetest

import (
	"fmt"
	"testing"
	"time"

	"github.com/warroom/warroom-incident-app/pkg/incident"
	"github.com/warroom/warroom-incident-app/pkg/store"
	"github.com/warroom/warroom-incident-app/pkg/timers"
)

// notes returns n notes a second apart from at.
func notes(n int, at time.Time) []store.NewEvent {
	out := make([]store.NewEvent, n)
	for i := range out {
		out[i] = store.NewEvent{Kind: incident.EventNote, Author: "bob", At: at.Add(time.Duration(i) * time.Second),
			Payload: map[string]any{"text": fmt.Sprintf("note %d", i)}}
	}
	return out
}

func mustAppend(t *testing.T, st store.Store, org int64, id string, evs ...store.NewEvent) []incident.Event {
	t.Helper()
	out, err := st.AppendEvents(t.Context(), org, id, evs)
	if err != nil {
		t.Fatalf("append to %s: %v", id, err)
	}
	return out
}

// kindsOf is a timeline's kinds in order, for compact comparison.
func kindsOf(evs []incident.Event) string {
	var out []string
	for _, e := range evs {
		out = append(out, fmt.Sprintf("%d:%s", e.Seq, e.Kind))
	}
	return fmt.Sprint(out)
}

// testEventsOf: many incidents' timelines in one call, each in Seq order,
// of the org only, and only the kinds asked for.
func testEventsOf(t *testing.T, st store.Store) {
	ctx := t.Context()
	a := mustCreate(t, st, 1, newInc("a", day0), declared(day0, nil))
	b := mustCreate(t, st, 1, newInc("b", day0), declared(day0, nil))
	other := mustCreate(t, st, 2, newInc("other org", day0), declared(day0, nil))
	mustAppend(t, st, 1, a.ID, notes(3, day0.Add(time.Minute))...)
	sev := mustAppend(t, st, 1, a.ID, store.NewEvent{Kind: incident.EventSeverityChanged, Author: "ada", At: day0.Add(time.Hour),
		Payload: map[string]any{"from": "P2", "to": "P1"}})
	mustAppend(t, st, 1, b.ID, store.NewEvent{Kind: incident.EventStatusUpdate, Author: "ada", At: day0.Add(time.Hour)})

	all, err := st.EventsOf(ctx, 1, []string{a.ID, b.ID, other.ID, "INC-2026-03-14-999"}, nil)
	if err != nil {
		t.Fatal(err)
	}
	sameEvents(t, "a, every kind", all[a.ID], mustEvents(t, st, 1, a.ID, 0))
	sameEvents(t, "b, every kind", all[b.ID], mustEvents(t, st, 1, b.ID, 0))
	if len(all) != 2 {
		t.Errorf("keys %v: another org's incident and an unknown id must be absent", keysOf(all))
	}

	only, err := st.EventsOf(ctx, 1, []string{b.ID, a.ID}, timers.EventKinds)
	if err != nil {
		t.Fatal(err)
	}
	sameEvents(t, "a, timer kinds", only[a.ID], sev)
	if got := kindsOf(only[b.ID]); got != "[2:status_update]" {
		t.Errorf("b, timer kinds: %s", got)
	}
	none, err := st.EventsOf(ctx, 1, []string{a.ID}, []incident.EventKind{incident.EventReopened})
	if err != nil || len(none) != 0 {
		t.Errorf("a kind a timeline lacks: %v %v", none, err)
	}
	if empty, err := st.EventsOf(ctx, 1, nil, nil); err != nil || empty == nil || len(empty) != 0 {
		t.Errorf("no ids: %#v %v, want an empty map", empty, err)
	}

	// More ids than one query names: the incident in the second batch is read.
	ids := make([]string, 0, store.BatchIDs+2)
	for i := range store.BatchIDs + 1 {
		ids = append(ids, fmt.Sprintf("INC-2026-01-01-%03d", i))
	}
	ids = append(ids, b.ID)
	far, err := st.EventsOf(ctx, 1, ids, timers.EventKinds)
	if err != nil {
		t.Fatal(err)
	}
	if got := kindsOf(far[b.ID]); got != "[2:status_update]" || len(far) != 1 {
		t.Errorf("past the first batch: %v %s", keysOf(far), got)
	}
}

func keysOf(m map[string][]incident.Event) []string {
	var out []string
	for k := range m {
		out = append(out, k)
	}
	return out
}

// testEventsPage: a timeline read a page at a time gives it whole, once.
func testEventsPage(t *testing.T, st store.Store) {
	ctx := t.Context()
	inc := mustCreate(t, st, 1, newInc("paged", day0), declared(day0, map[string]any{"title": "paged"}))
	mustAppend(t, st, 1, inc.ID, notes(6, day0.Add(time.Minute))...)
	whole := mustEvents(t, st, 1, inc.ID, 0)
	var got []incident.Event
	after := int64(0)
	for range 10 {
		page, err := st.EventsPage(ctx, 1, inc.ID, after, 3)
		if err != nil {
			t.Fatal(err)
		}
		if len(page) > 3 {
			t.Fatalf("page of %d events, limit 3", len(page))
		}
		if len(page) == 0 {
			break
		}
		got = append(got, page...)
		after = page[len(page)-1].Seq
	}
	sameEvents(t, "pages", got, whole)
	if page, err := st.EventsPage(ctx, 1, inc.ID, whole[len(whole)-1].Seq, 3); err != nil || page == nil || len(page) != 0 {
		t.Errorf("after the last event: %#v %v, want an empty page", page, err)
	}
	if page, err := st.EventsPage(ctx, 1, inc.ID, 0, 0); err != nil || len(page) != 1 {
		t.Errorf("limit 0 reads one: %d events, %v", len(page), err)
	}
	if page, err := st.EventsPage(ctx, 1, inc.ID, 0, store.MaxEventsPage+1); err != nil || len(page) != len(whole) {
		t.Errorf("a large limit is clamped, not refused: %d events, %v", len(page), err)
	}
	_, err := st.EventsPage(ctx, 1, "INC-2026-03-14-999", 0, 3)
	wantErr(t, "page of an unknown incident", err, store.ErrNotFound)
	_, err = st.EventsPage(ctx, 2, inc.ID, 0, 3)
	wantErr(t, "page of another org's incident", err, store.ErrNotFound)
}

// testDueIncidentsTimerEvents: the scheduler's read of an incident with
// thousands of notes holds only the few events its projection reads
// (store.ProjectionKinds: the timers' and the insights record's), in Seq
// order.
func testDueIncidentsTimerEvents(t *testing.T, st store.Store) {
	ctx := t.Context()
	inc := mustCreate(t, st, 1, newInc("chatty", day0), declared(day0, nil))
	mustAppend(t, st, 1, inc.ID, notes(1500, day0.Add(time.Second))...)
	want := mustAppend(t, st, 1, inc.ID, store.NewEvent{Kind: incident.EventSeverityChanged, Author: "ada", At: day0.Add(time.Hour),
		Payload: map[string]any{"from": "P2", "to": "P1", "reason": "spreading"}})
	mustAppend(t, st, 1, inc.ID, notes(1500, day0.Add(time.Hour))...)
	want = append(want, mustAppend(t, st, 1, inc.ID,
		store.NewEvent{Kind: incident.EventStatusUpdate, Author: "ada", At: day0.Add(2 * time.Hour), Payload: map[string]any{"subject": "s", "body": "b"}},
		store.NewEvent{Kind: incident.EventReportsChanged, Author: "ada", At: day0.Add(2 * time.Hour), Payload: map[string]any{"from": 0, "to": 12}},
		store.NewEvent{Kind: incident.EventEscalation, Author: "warroom", At: day0.Add(3 * time.Hour), Payload: map[string]any{"key": "tier:P1:1"}})...)
	mustAppend(t, st, 1, inc.ID, store.NewEvent{Kind: incident.EventSeveritySuggested, Author: "warroom", At: day0.Add(3 * time.Hour),
		Payload: map[string]any{"severity": "P1"}})
	quiet := mustCreate(t, st, 1, newInc("quiet", day0), declared(day0, nil))

	page, err := st.DueIncidents(ctx, day0, store.Cursor{}, 10)
	if err != nil {
		t.Fatal(err)
	}
	if len(page) != 2 || page[0].Incident.ID != inc.ID || page[1].Incident.ID != quiet.ID {
		t.Fatalf("open incidents: %+v", page)
	}
	sameEvents(t, "chatty incident's timer events", page[0].Events, want)
	if page[1].Events == nil || len(page[1].Events) != 0 {
		t.Errorf("an incident without timer events: %#v, want an empty list", page[1].Events)
	}
}

// testLastSeq: where a timeline ends, without reading it; an incident
// without events ends at 0; a missing one (or another org's) is not found.
func testLastSeq(t *testing.T, st store.Store) {
	ctx := t.Context()
	inc := mustCreate(t, st, 1, newInc("long", day0), declared(day0, nil))
	if got, err := st.LastSeq(ctx, 1, inc.ID); err != nil || got != 1 {
		t.Errorf("after the declaration: %d %v, want 1", got, err)
	}
	added := mustAppend(t, st, 1, inc.ID, notes(5, day0.Add(time.Minute))...)
	if got, err := st.LastSeq(ctx, 1, inc.ID); err != nil || got != added[len(added)-1].Seq {
		t.Errorf("after 5 notes: %d %v, want %d", got, err, added[len(added)-1].Seq)
	}
	empty := mustCreate(t, st, 1, newInc("no events", day0))
	if got, err := st.LastSeq(ctx, 1, empty.ID); err != nil || got != 0 {
		t.Errorf("an incident without events: %d %v, want 0", got, err)
	}
	_, err := st.LastSeq(ctx, 1, "INC-2026-03-14-999")
	wantErr(t, "last seq of an unknown incident", err, store.ErrNotFound)
	_, err = st.LastSeq(ctx, 2, inc.ID)
	wantErr(t, "last seq of another org's incident", err, store.ErrNotFound)
}
