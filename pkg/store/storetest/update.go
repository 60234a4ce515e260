package storetest

import (
	"testing"
	"time"

	"github.com/warroom/warroom-incident-app/pkg/incident"
	"github.com/warroom/warroom-incident-app/pkg/store"
)

func testUpdate(t *testing.T, st store.Store) {
	ctx := t.Context()
	created := mustCreate(t, st, 1, newInc("before", day0), declared(day0, nil))

	later := day0.Add(90*time.Minute + 777*time.Nanosecond)
	resolved := later.Add(-time.Minute)
	next := created
	next.Title, next.Severity, next.Status = "after", incident.P3, incident.Resolved
	next.Services, next.Summary = []string{"db", "cache"}, "fixed"
	next.UpdatedAt, next.ResolvedAt = later, &resolved
	next.Details = incident.Details{Labels: map[string]string{"cause": "deploy"}, PolicyVersion: 2}
	// Creation facts are not the updater's to change.
	next.CreatedBy, next.CreatedAt = "mallory", day0.Add(-time.Hour)
	events := []store.NewEvent{
		{Kind: incident.EventTitleChanged, Author: "bob", At: later, Payload: map[string]any{"from": "before", "to": "after"}},
		{Kind: incident.EventStatusChanged, Author: "bob", At: later, Payload: map[string]any{"to": "resolved"}},
	}
	saved, err := st.UpdateIncident(ctx, next, events)
	if err != nil {
		t.Fatalf("update: %v", err)
	}
	want := next
	want.Version = 2
	want.CreatedBy, want.CreatedAt = created.CreatedBy, created.CreatedAt
	want.UpdatedAt = us(later)
	r := us(resolved)
	want.ResolvedAt = &r
	sameIncident(t, "returned", saved, want)
	sameIncident(t, "stored", mustGet(t, st, 1, created.ID), want)
	evs := mustEvents(t, st, 1, created.ID, 0)
	if len(evs) != 3 || evs[1].Seq != 2 || evs[2].Seq != 3 || evs[2].Kind != incident.EventStatusChanged {
		t.Fatalf("timeline %+v, want declared then the two update events as seq 2, 3", evs)
	}

	// The service filter follows the rewritten services.
	for svc, total := range map[string]int{"api": 0, "db": 1, "cache": 1} {
		page, err := st.ListIncidents(ctx, 1, store.Filter{Service: svc})
		if err != nil || page.Total != total {
			t.Fatalf("service %q: total %d (%v), want %d", svc, page.Total, err, total)
		}
	}

	stale := saved
	stale.Version, stale.Title = 1, "stale"
	_, err = st.UpdateIncident(ctx, stale, []store.NewEvent{{Kind: incident.EventNote, At: later}})
	wantErr(t, "stale version", err, store.ErrConflict)
	ahead := saved
	ahead.Version = 7
	_, err = st.UpdateIncident(ctx, ahead, nil)
	wantErr(t, "future version", err, store.ErrConflict)
	sameIncident(t, "after conflicts", mustGet(t, st, 1, created.ID), want)
	if n := len(mustEvents(t, st, 1, created.ID, 0)); n != 3 {
		t.Fatalf("a rejected update appended events: %d", n)
	}

	ghost := saved
	ghost.ID = "INC-2026-03-14-404"
	_, err = st.UpdateIncident(ctx, ghost, nil)
	wantErr(t, "unknown id", err, store.ErrNotFound)

	// Version keeps counting, and ResolvedAt can be cleared (reopen).
	reopen := saved
	reopen.Status, reopen.ResolvedAt = incident.Investigating, nil
	again, err := st.UpdateIncident(ctx, reopen, nil)
	if err != nil || again.Version != 3 || again.ResolvedAt != nil {
		t.Fatalf("second update: v%d resolvedAt %v, %v; want v3 and no resolvedAt", again.Version, again.ResolvedAt, err)
	}
}

// An update whose events cannot be stored changes nothing.
func testUpdateAtomic(t *testing.T, st store.Store) {
	created := mustCreate(t, st, 1, newInc("keep", day0), declared(day0, nil))
	next := created
	next.Title = "lost"
	bad := store.NewEvent{Kind: incident.EventNote, At: day0, Payload: map[string]any{"x": func() {}}}
	if _, err := st.UpdateIncident(t.Context(), next, []store.NewEvent{bad}); err == nil {
		t.Fatal("update with an unencodable event payload succeeded")
	}
	sameIncident(t, "after the failed update", mustGet(t, st, 1, created.ID), created)
	if n := len(mustEvents(t, st, 1, created.ID, 0)); n != 1 {
		t.Fatalf("failed update left %d events, want 1", n)
	}
}
