package storetest

import (
	"context"
	"errors"
	"fmt"
	"sort"
	"sync"
	"testing"
	"time"

	"github.com/warroom/warroom-incident-app/pkg/incident"
	"github.com/warroom/warroom-incident-app/pkg/store"
)

// testDueIncidents: every org's incidents, open and resolved (new or
// written ones are all due: never computed; a resolved incident's
// post-mortem timer runs), in (org, id) order, page by page, each with its
// own timeline only.
func testDueIncidents(t *testing.T, st store.Store) {
	ctx := t.Context()
	var want []string
	resolved := map[string]bool{}
	for org := int64(1); org <= 3; org++ {
		for i := range 3 {
			inc := mustCreate(t, st, org, newInc(fmt.Sprintf("o%d-%d", org, i), day0), declared(day0, map[string]any{"n": i}))
			want = append(want, fmt.Sprintf("%d/%s", org, inc.ID))
			if i == 1 {
				res := incident.Resolved
				next, evs, err := incident.Apply(inc, incident.Update{Version: inc.Version, Status: &res}, "ada", day0.Add(time.Minute))
				if err != nil {
					t.Fatal(err)
				}
				if _, err := st.UpdateIncident(ctx, next, toNew(evs)); err != nil {
					t.Fatal(err)
				}
				resolved[want[len(want)-1]] = true
			}
		}
	}
	var got []string
	var cur store.Cursor
	for pages := 0; ; pages++ {
		page, err := st.DueIncidents(ctx, day0, cur, 4)
		if err != nil {
			t.Fatal(err)
		}
		if len(page) == 0 {
			break
		}
		for _, oi := range page {
			k := fmt.Sprintf("%d/%s", oi.Incident.OrgID, oi.Incident.ID)
			got = append(got, k)
			if (oi.Incident.Status == incident.Resolved) != resolved[k] {
				t.Errorf("%s: status %s", k, oi.Incident.Status)
			}
			// "declared" is not a kind the timers read (DueIncidentsTimerEvents);
			// the resolution is.
			if n := len(oi.Events); oi.Events == nil || (n != 0) != resolved[k] {
				t.Errorf("%s: events %+v, want its resolution only", k, oi.Events)
			}
		}
		last := page[len(page)-1].Incident
		cur = store.Cursor{OrgID: last.OrgID, ID: last.ID}
		if pages > 5 {
			t.Fatal("paging does not end")
		}
	}
	if fmt.Sprint(got) != fmt.Sprint(want) {
		t.Errorf("due incidents:\n got %v\nwant %v", got, want)
	}
}

// commit is Commit reduced to whether it fired.
func commit(ctx context.Context, st store.Store, e store.Effects) (bool, error) {
	c, err := st.Commit(ctx, e)
	return c.Fired, err
}

func toNew(evs []incident.Event) []store.NewEvent {
	out := make([]store.NewEvent, len(evs))
	for i, e := range evs {
		out[i] = store.NewEvent{Kind: e.Kind, Author: e.Author, At: e.At, Payload: e.Payload}
	}
	return out
}

func firing(inc incident.Incident, key string, channels ...string) store.Effects {
	e := store.Effects{OrgID: inc.OrgID, IncidentID: inc.ID, Key: key, At: day0.Add(time.Hour), ExpectVersion: inc.Version,
		Events: []store.NewEvent{{Kind: "escalation", Author: "warroom", At: day0.Add(time.Hour), Payload: map[string]any{"key": key}}}}
	for _, c := range channels {
		e.Outbox = append(e.Outbox, store.NewOutbox{Channel: c, DeliveryID: inc.ID + ":" + key + ":" + c, Payload: []byte(`{"k":"` + key + `"}`)})
	}
	return e
}

// testCommitOnce: a key fires once; a stale version or a failed effect
// stores nothing, not even the claim; an update is a compare-and-swap.
func testCommitOnce(t *testing.T, st store.Store) {
	ctx := t.Context()
	inc := mustCreate(t, st, 1, newInc("a", day0), declared(day0, nil))
	other := mustCreate(t, st, 2, newInc("b", day0), declared(day0, nil))

	stale := firing(inc, "tier:P2:1", "ops")
	stale.ExpectVersion = inc.Version + 1
	if _, err := commit(ctx, st, stale); !errors.Is(err, store.ErrConflict) {
		t.Fatalf("stale version: %v, want ErrConflict", err)
	}
	c, err := st.Commit(ctx, firing(inc, "tier:P2:1", "ops"))
	if err != nil || !c.Fired || len(c.Events) != 1 || c.Events[0].Seq != 2 || c.Events[0].Kind != "escalation" || c.Events[0].Payload["key"] != "tier:P2:1" {
		t.Fatalf("first commit: %+v %v, want fired with its event numbered 2", c, err)
	}
	ok, err := commit(ctx, st, firing(inc, "tier:P2:1", "ops"))
	if err != nil || ok {
		t.Fatalf("second commit: %v %v, want (false, nil)", ok, err)
	}
	// The same key on another incident (another org) is its own firing.
	if ok, err := commit(ctx, st, firing(other, "tier:P2:1")); err != nil || !ok {
		t.Fatalf("same key on another incident: %v %v", ok, err)
	}
	if evs := mustEvents(t, st, 1, inc.ID, 0); len(evs) != 2 {
		t.Fatalf("events after a double commit: %d, want declared + one firing", len(evs))
	}
	if rows, err := st.ClaimOutbox(ctx, "w", []int64{1}, day0.Add(2*time.Hour), time.Minute, 10); err != nil || len(rows) != 1 {
		t.Fatalf("outbox rows after a double commit: %d (%v), want 1", len(rows), err)
	}

	// An update: the claim, the new severity and its events in one go.
	sev := incident.P1
	next, evs, err := incident.Apply(inc, incident.Update{Version: inc.Version, Severity: &sev, Reason: "rule"}, "warroom", day0.Add(time.Hour))
	if err != nil {
		t.Fatal(err)
	}
	e := firing(inc, "rule:p2:P2")
	e.Update, e.Events = &next, toNew(evs)
	if ok, err := commit(ctx, st, e); err != nil || !ok {
		t.Fatalf("update commit: %v %v", ok, err)
	}
	got := mustGet(t, st, 1, inc.ID)
	if got.Severity != incident.P1 || got.Version != inc.Version+1 {
		t.Fatalf("after the update: %s v%d, want P1 v%d", got.Severity, got.Version, inc.Version+1)
	}
	// Effects computed on the old version are refused, claim included.
	late := firing(inc, "tier:P2:2")
	if _, err := commit(ctx, st, late); !errors.Is(err, store.ErrConflict) {
		t.Fatalf("effects on an old version: %v", err)
	}
	late.ExpectVersion = got.Version
	if ok, err := commit(ctx, st, late); err != nil || !ok {
		t.Fatalf("the refused key was claimed anyway: %v %v", ok, err)
	}
	if _, err := commit(ctx, st, firing(incident.Incident{OrgID: 1, ID: "INC-2026-03-14-999", Version: 1}, "x")); !errors.Is(err, store.ErrNotFound) {
		t.Fatalf("missing incident: %v", err)
	}
}

// testConcurrentCommits: 20 racers on one key, 20 on distinct keys.
func testConcurrentCommits(t *testing.T, st store.Store) {
	ctx := t.Context()
	inc := mustCreate(t, st, 1, newInc("race", day0), declared(day0, nil))
	var wg sync.WaitGroup
	var mu sync.Mutex
	fired := 0
	for i := range 40 {
		key := "update:1"
		if i%2 == 1 {
			key = fmt.Sprintf("update:%d", 100+i)
		}
		wg.Go(func() {
			ok, err := commit(ctx, st, firing(inc, key, "ops"))
			if err != nil {
				t.Errorf("commit %s: %v", key, err)
			}
			if ok {
				mu.Lock()
				fired++
				mu.Unlock()
			}
		})
	}
	wg.Wait()
	if fired != 21 {
		t.Errorf("fired %d, want 21 (one shared key + 20 distinct)", fired)
	}
	if evs := mustEvents(t, st, 1, inc.ID, 0); len(evs) != 22 {
		t.Errorf("events %d, want 22", len(evs))
	}
}

// testOutboxLeases: leases exclude, expire and are checked on finish;
// retries wait for their time; delivered rows never come back.
func testOutboxLeases(t *testing.T, st store.Store) {
	ctx := t.Context()
	inc := mustCreate(t, st, 1, newInc("n", day0), declared(day0, nil))
	inc2 := mustCreate(t, st, 2, newInc("other org", day0), declared(day0, nil))
	if ok, err := commit(ctx, st, firing(inc, "k", "a", "b", "c")); err != nil || !ok {
		t.Fatal(ok, err)
	}
	if ok, err := commit(ctx, st, firing(inc2, "k", "z")); err != nil || !ok {
		t.Fatal(ok, err)
	}
	now := day0.Add(time.Hour)
	if rows, _ := st.ClaimOutbox(ctx, "A", []int64{1}, now.Add(-time.Second), time.Minute, 10); len(rows) != 0 {
		t.Fatalf("claimed %d rows before they are due", len(rows))
	}
	a, err := st.ClaimOutbox(ctx, "A", []int64{1}, now, 10*time.Minute, 2)
	if err != nil || len(a) != 2 {
		t.Fatalf("A claims 2: %d (%v)", len(a), err)
	}
	b, err := st.ClaimOutbox(ctx, "B", []int64{1}, now, time.Minute, 10)
	if err != nil || len(b) != 1 || b[0].ID == a[0].ID || b[0].ID == a[1].ID {
		t.Fatalf("B claims the third only: %+v (%v)", b, err)
	}
	if b[0].OrgID != 1 || b[0].IncidentID != inc.ID || b[0].DeliveryID == "" || string(b[0].Payload) != `{"k":"k"}` {
		t.Errorf("claimed row: %+v", b[0])
	}
	// A row of org 2 is claimed only by someone serving org 2.
	if z, _ := st.ClaimOutbox(ctx, "B", []int64{2}, now, time.Minute, 10); len(z) != 1 || z[0].Channel != "z" {
		t.Errorf("org 2 claim: %+v", z)
	}
	// B retries its row later: not claimable before NextAttempt.
	if err := st.FinishOutbox(ctx, b[0].ID, "B", store.OutboxResult{Status: store.OutboxPending, Error: "500", NextAttempt: now.Add(30 * time.Minute), At: now}); err != nil {
		t.Fatal(err)
	}
	if rows, _ := st.ClaimOutbox(ctx, "B", []int64{1}, now.Add(4*time.Minute), time.Minute, 10); len(rows) != 0 {
		t.Fatalf("retry claimed early: %+v", rows)
	}
	// A crashed: its lease expires after 10 minutes and C takes over both.
	c, err := st.ClaimOutbox(ctx, "C", []int64{1}, now.Add(11*time.Minute), time.Minute, 10)
	if err != nil || len(c) != 2 {
		t.Fatalf("C after A's lease expired: %d (%v)", len(c), err)
	}
	if err := st.FinishOutbox(ctx, a[0].ID, "A", store.OutboxResult{Status: store.OutboxDelivered, At: now}); !errors.Is(err, store.ErrConflict) {
		t.Fatalf("A finishing a row it lost: %v, want ErrConflict", err)
	}
	ev := store.NewEvent{Kind: "notification_delivered", Author: "warroom", At: now, Payload: map[string]any{"channel": c[0].Channel}}
	for _, row := range c {
		if err := st.FinishOutbox(ctx, row.ID, "C", store.OutboxResult{Status: store.OutboxDelivered, At: now, Event: &ev}); err != nil {
			t.Fatal(err)
		}
	}
	if err := st.FinishOutbox(ctx, c[0].ID, "C", store.OutboxResult{Status: store.OutboxDelivered, At: now}); !errors.Is(err, store.ErrConflict) {
		t.Fatalf("finishing a delivered row twice: %v", err)
	}
	// Only the retried row remains, with its attempt counted.
	later, err := st.ClaimOutbox(ctx, "D", []int64{1}, now.Add(time.Hour), time.Minute, 10)
	if err != nil || len(later) != 1 || later[0].ID != b[0].ID || later[0].Attempts != 1 {
		t.Fatalf("after delivery: %+v (%v), want the retried row with 1 attempt", later, err)
	}
	if err := st.FinishOutbox(ctx, later[0].ID, "D", store.OutboxResult{Status: store.OutboxFailed, Error: "gave up", At: now}); err != nil {
		t.Fatal(err)
	}
	if rows, _ := st.ClaimOutbox(ctx, "D", []int64{1}, now.Add(24*time.Hour), time.Minute, 10); len(rows) != 0 {
		t.Fatalf("finished rows claimed again: %+v", rows)
	}
	evs := mustEvents(t, st, 1, inc.ID, 0)
	if n := countKind(evs, "notification_delivered"); n != 2 {
		t.Errorf("delivery events %d, want 2", n)
	}
}

func countKind(evs []incident.Event, kind incident.EventKind) int {
	n := 0
	for _, e := range evs {
		if e.Kind == kind {
			n++
		}
	}
	return n
}

// testConcurrentClaims: racing workers never lease one row twice.
func testConcurrentClaims(t *testing.T, st store.Store) {
	ctx := t.Context()
	inc := mustCreate(t, st, 1, newInc("n", day0), declared(day0, nil))
	var chans []string
	for i := range 60 {
		chans = append(chans, fmt.Sprintf("c%02d", i))
	}
	if ok, err := commit(ctx, st, firing(inc, "k", chans...)); err != nil || !ok {
		t.Fatal(ok, err)
	}
	now := day0.Add(time.Hour)
	var mu sync.Mutex
	var got []string
	var wg sync.WaitGroup
	for w := range 4 {
		wg.Go(func() {
			for {
				rows, err := st.ClaimOutbox(ctx, fmt.Sprintf("w%d", w), []int64{1}, now, time.Minute, 3)
				if err != nil {
					t.Error(err)
					return
				}
				if len(rows) == 0 {
					return
				}
				mu.Lock()
				for _, r := range rows {
					got = append(got, r.Channel)
				}
				mu.Unlock()
			}
		})
	}
	wg.Wait()
	sort.Strings(got)
	if fmt.Sprint(got) != fmt.Sprint(chans) {
		t.Errorf("claimed %d rows (%v), want each of 60 once", len(got), got)
	}
}

func testChannelRoutes(t *testing.T, st store.Store) {
	ctx := t.Context()
	if err := st.PutChannelRoutes(ctx, 1, []byte(`[{"name":"a"}]`), day0); err != nil {
		t.Fatal(err)
	}
	if err := st.PutChannelRoutes(ctx, 2, []byte(`[]`), day0); err != nil {
		t.Fatal(err)
	}
	if err := st.PutChannelRoutes(ctx, 1, []byte(`[{"name":"b"}]`), day0); err != nil {
		t.Fatal(err)
	}
	got, err := st.ChannelRoutes(ctx)
	if err != nil || len(got) != 2 || string(got[1]) != `[{"name":"b"}]` || string(got[2]) != `[]` {
		t.Fatalf("routes: %v (%v)", got, err)
	}
}
