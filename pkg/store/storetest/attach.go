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

// RunAttach runs the contract of store.Attaching, each case on a fresh store.
func RunAttach(t *testing.T, open Open) {
	cases := []struct {
		name string
		fn   func(t *testing.T, st store.Store)
	}{
		{"AttachSemantics", testAttach},
		{"ConcurrentAttachesRecordOnce", testConcurrentAttach},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) { c.fn(t, open(t)) })
	}
}

// alertOnce is the plan an alert webhook uses: append an entry for key
// unless the timeline holds one.
func alertOnce(key, author string, at time.Time) store.AttachPlan {
	return func(_ incident.Incident, timeline []incident.Event) ([]store.NewEvent, error) {
		for _, e := range timeline {
			if e.Kind == incident.EventAlertFiring && e.Payload["key"] == key {
				return nil, nil
			}
		}
		return []store.NewEvent{{Kind: incident.EventAlertFiring, Author: author, At: at, Payload: map[string]any{"key": key}}}, nil
	}
}

func testAttach(t *testing.T, st store.Store) {
	ctx := t.Context()
	inc := mustCreate(t, st, 1, newInc("attach", day0), declared(day0, map[string]any{"title": "attach"}))
	at := day0.Add(time.Minute)

	// plan sees the stored incident and the whole timeline.
	var sawInc incident.Incident
	var sawTimeline []incident.Event
	added, err := st.AttachEvents(ctx, 1, inc.ID, func(i incident.Incident, tl []incident.Event) ([]store.NewEvent, error) {
		sawInc, sawTimeline = i, tl
		return []store.NewEvent{
			{Kind: incident.EventAlertFiring, Author: "sa", At: at, Payload: map[string]any{"key": "a", "n": 1}},
			{Kind: incident.EventAlertFiring, Author: "sa", At: at, Payload: map[string]any{"key": "b"}},
		}, nil
	})
	if err != nil {
		t.Fatal(err)
	}
	sameIncident(t, "incident seen by plan", sawInc, inc)
	sameEvents(t, "timeline seen by plan", sawTimeline, mustEvents(t, st, 1, inc.ID, 0)[:1])
	want := []incident.Event{
		{OrgID: 1, IncidentID: inc.ID, Seq: 2, Kind: incident.EventAlertFiring, Author: "sa", At: us(at), Payload: map[string]any{"key": "a", "n": float64(1)}},
		{OrgID: 1, IncidentID: inc.ID, Seq: 3, Kind: incident.EventAlertFiring, Author: "sa", At: us(at), Payload: map[string]any{"key": "b"}},
	}
	sameEvents(t, "attached", added, want)
	sameEvents(t, "listed", mustEvents(t, st, 1, inc.ID, 1), want)
	// Attaching does not touch the incident (version, updated_at).
	sameIncident(t, "incident after attach", mustGet(t, st, 1, inc.ID), inc)

	// A plan that adds nothing appends nothing.
	added, err = st.AttachEvents(ctx, 1, inc.ID, alertOnce("a", "sa", at))
	if err != nil || added == nil || len(added) != 0 {
		t.Fatalf("attach of a recorded key: %#v, %v; want an empty non-nil slice", added, err)
	}
	// A plan's error rolls back and comes back as is.
	errPlan := errors.New("refused by plan")
	_, err = st.AttachEvents(ctx, 1, inc.ID, func(incident.Incident, []incident.Event) ([]store.NewEvent, error) {
		return []store.NewEvent{{Kind: incident.EventNote, At: at}}, errPlan
	})
	wantErr(t, "plan error", err, errPlan)
	if n := len(mustEvents(t, st, 1, inc.ID, 0)); n != 3 {
		t.Fatalf("a failed plan left %d events, want 3", n)
	}

	// Unknown incident, or another org's: ErrNotFound, plan not called.
	called := false
	noPlan := func(incident.Incident, []incident.Event) ([]store.NewEvent, error) { called = true; return nil, nil }
	_, err = st.AttachEvents(ctx, 1, "INC-2026-03-14-404", noPlan)
	wantErr(t, "attach to unknown", err, store.ErrNotFound)
	_, err = st.AttachEvents(ctx, 2, inc.ID, noPlan)
	wantErr(t, "attach across orgs", err, store.ErrNotFound)
	if called {
		t.Fatal("plan ran for a missing incident")
	}
}

// Many attaches of overlapping keys at once, racing versioned updates and
// plain appends: no attach fails, each key is recorded exactly once, and
// seqs stay 1..N.
func testConcurrentAttach(t *testing.T, st store.Store) {
	inc := mustCreate(t, st, 1, newInc("alerts", day0), declared(day0, nil))
	const n = 30
	errs := make([]error, 2*n+2)
	start := make(chan struct{})
	var wg sync.WaitGroup
	for i := range n {
		for j, key := range []string{fmt.Sprint("k", i), fmt.Sprint("k", (i+1)%n)} {
			wg.Go(func() {
				<-start
				_, errs[2*i+j] = st.AttachEvents(t.Context(), 1, inc.ID, alertOnce(key, fmt.Sprint("sa", i), day0))
			})
		}
	}
	wg.Go(func() {
		<-start
		next := inc
		next.Title = "alerts, renamed"
		_, errs[2*n] = st.UpdateIncident(t.Context(), next, []store.NewEvent{{Kind: incident.EventTitleChanged, At: day0}})
	})
	wg.Go(func() {
		<-start
		_, errs[2*n+1] = st.AppendEvents(t.Context(), 1, inc.ID, []store.NewEvent{{Kind: incident.EventNote, At: day0}})
	})
	close(start)
	wg.Wait()
	if err := errors.Join(errs...); err != nil {
		t.Fatal(err)
	}
	evs := mustEvents(t, st, 1, inc.ID, 0)
	count := map[any]int{}
	for i, ev := range evs {
		if ev.Seq != int64(i+1) {
			t.Fatalf("event %d has seq %d; seqs: %v", i, ev.Seq, seqs(evs))
		}
		if ev.Kind == incident.EventAlertFiring {
			count[ev.Payload["key"]]++
		}
	}
	if len(count) != n || len(evs) != n+3 {
		t.Fatalf("%d keys in %d events, want %d keys in %d", len(count), len(evs), n, n+3)
	}
	for k, c := range count {
		if c != 1 {
			t.Fatalf("key %v recorded %d times", k, c)
		}
	}
	if got := mustGet(t, st, 1, inc.ID); got.Version != 2 || got.Title != "alerts, renamed" {
		t.Fatalf("the racing update: version %d title %q", got.Version, got.Title)
	}
}
