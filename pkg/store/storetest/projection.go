package storetest

import (
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/warroom/warroom-incident-app/pkg/incident"
	"github.com/warroom/warroom-incident-app/pkg/store"
)

// RawQuery is what a dialect's tests add to its store next to RawExec: the
// first column of the first row of a query, as text, read on a connection
// of its own (for columns no store method returns).
type RawQuery interface {
	QueryRaw(ctx context.Context, query string) (string, error)
}

func rawQuery(t *testing.T, st store.Store, format string, args ...any) string {
	t.Helper()
	raw, ok := st.(RawQuery)
	if !ok {
		t.Fatalf("%T has no QueryRaw: add it in a _test.go file of its package (see RawQuery)", st)
	}
	spliceable(t, args)
	got, err := raw.QueryRaw(t.Context(), fmt.Sprintf(format, args...))
	if err != nil {
		t.Fatalf("raw read: %v", err)
	}
	return got
}

// dueIDs reads every page of DueIncidents at now, by key.
func dueIDs(t *testing.T, st store.Store, now time.Time) map[store.Cursor]store.DueIncident {
	t.Helper()
	out := map[store.Cursor]store.DueIncident{}
	var cur store.Cursor
	for {
		page, err := st.DueIncidents(t.Context(), now, cur, 2)
		if err != nil {
			t.Fatal(err)
		}
		for _, oi := range page {
			out[key(oi.Incident)] = oi
		}
		if len(page) < 2 {
			return out
		}
		last := page[len(page)-1].Incident
		cur = store.Cursor{OrgID: last.OrgID, ID: last.ID}
	}
}

func key(inc incident.Incident) store.Cursor { return store.Cursor{OrgID: inc.OrgID, ID: inc.ID} }

func saveProjections(t *testing.T, st store.Store, ps ...store.Projection) {
	t.Helper()
	if err := st.SaveProjections(t.Context(), ps); err != nil {
		t.Fatal(err)
	}
}

func sameIDs(t *testing.T, what string, got map[store.Cursor]store.DueIncident, want ...incident.Incident) {
	t.Helper()
	ok := len(got) == len(want)
	for _, w := range want {
		_, in := got[key(w)]
		ok = ok && in
	}
	if !ok {
		ids := []store.Cursor{}
		for k := range got {
			ids = append(ids, k)
		}
		wantIDs := []store.Cursor{}
		for _, w := range want {
			wantIDs = append(wantIDs, key(w))
		}
		t.Errorf("%s: due %v, want %v", what, ids, wantIDs)
	}
}

// testProjections: a new incident is due (never computed); a saved
// projection makes it due at its next due time, never when none; a
// projection computed before a write is refused; saving changes nothing a
// user sees (version, marks) and stores the panel's columns as given.
func testProjections(t *testing.T, st store.Store) {
	ctx := t.Context()
	now := day0.Add(time.Hour)
	a := mustCreate(t, st, 1, newInc("a", day0), declared(day0, nil))
	b := mustCreate(t, st, 1, newInc("b", day0), declared(day0, nil))
	c := mustCreate(t, st, 2, newInc("c", day0), declared(day0, nil))
	read := dueIDs(t, st, now)
	sameIDs(t, "fresh incidents", read, a, b, c)
	before, err := st.Marks(ctx, []store.Cursor{{OrgID: 1, ID: a.ID}, {OrgID: 1, ID: b.ID}})
	if err != nil {
		t.Fatal(err)
	}

	later, warn := now.Add(time.Hour), now.Add(30*time.Minute)
	body := `{"timers":[],"currentTier":{"after":"0s","who":"on-call"}}`
	saveProjections(t, st,
		store.Projection{OrgID: 1, IncidentID: a.ID, Epoch: read[key(a)].Epoch, NextDue: &later, SoonestDue: &later, WarnAt: &warn, Timers: []byte(body)},
		store.Projection{OrgID: 1, IncidentID: b.ID, Epoch: read[key(b)].Epoch, Timers: []byte(`{"timers":[]}`)},
		store.Projection{OrgID: 2, IncidentID: c.ID, Epoch: read[key(c)].Epoch + 1, NextDue: &later, Timers: []byte(`{}`)})
	sameIDs(t, "before anything is due", dueIDs(t, st, now), c)
	sameIDs(t, "at the next due time", dueIDs(t, st, later), a, c)
	sameIDs(t, "nothing ever due (b)", dueIDs(t, st, store.NeverDue.Add(-time.Hour)), a, c)

	if got := rawQuery(t, st, `SELECT timers_json FROM incidents WHERE org_id = 1 AND id = '%s'`, a.ID); got != body {
		t.Errorf("timers_json %q, want %q", got, body)
	}
	if got := rawQuery(t, st, `SELECT COUNT(*) FROM incidents WHERE org_id = 1 AND id = '%s'
		AND soonest_due_at = next_due_at AND warn_at < soonest_due_at`, a.ID); got != "1" {
		t.Errorf("a's soonest_due_at and warn_at are not as saved")
	}
	if got := rawQuery(t, st, `SELECT COUNT(*) FROM incidents WHERE org_id = 1 AND id = '%s'
		AND next_due_at IS NOT NULL AND soonest_due_at IS NULL AND warn_at IS NULL`, b.ID); got != "1" {
		t.Errorf("b: nothing due must be stored as the sentinel, absent times as NULL")
	}
	after, err := st.Marks(ctx, []store.Cursor{{OrgID: 1, ID: a.ID}, {OrgID: 1, ID: b.ID}})
	if err != nil {
		t.Fatal(err)
	}
	if fmt.Sprint(after) != fmt.Sprint(before) {
		t.Errorf("saving projections moved the marks users follow: %v, was %v", after, before)
	}
	if got := mustGet(t, st, 1, a.ID); got.Version != a.Version || !got.UpdatedAt.Equal(a.UpdatedAt) {
		t.Errorf("saving a projection changed the incident: version %d, updated %v", got.Version, got.UpdatedAt)
	}
}

// testWritesMakeProjectionsDirty: every write the projection reads (the
// timers or the insights record) makes the incident due at once, and
// refuses a projection computed before it; a note or a reminder, which
// neither reads, does neither.
func testWritesMakeProjectionsDirty(t *testing.T, st store.Store) {
	ctx := t.Context()
	now := day0.Add(time.Hour)
	statusUpdate := store.NewEvent{Kind: incident.EventStatusUpdate, Author: "ada", At: now, Payload: map[string]any{"subject": "s", "body": "b"}}
	// apply writes u as the API does: the incident and its events.
	apply := func(inc incident.Incident, u incident.Update) error {
		next, evs, err := incident.Apply(inc, u, "ada", now)
		if err != nil {
			return err
		}
		_, err = st.UpdateIncident(ctx, next, toNew(evs))
		return err
	}
	cases := []struct {
		name  string
		dirty bool
		write func(inc incident.Incident) error
	}{
		{"update", true, func(inc incident.Incident) error {
			sev := incident.P1
			return apply(inc, incident.Update{Version: inc.Version, Severity: &sev})
		}},
		{"resolve", true, func(inc incident.Incident) error { // its post-mortem timer starts
			res := incident.Resolved
			return apply(inc, incident.Update{Version: inc.Version, Status: &res})
		}},
		{"update without events", true, func(inc incident.Incident) error {
			inc.Summary = "new words"
			_, err := st.UpdateIncident(ctx, inc, nil)
			return err
		}},
		{"append a status update", true, func(inc incident.Incident) error {
			_, err := st.AppendEvents(ctx, inc.OrgID, inc.ID, []store.NewEvent{statusUpdate})
			return err
		}},
		{"attach with a status update", true, func(inc incident.Incident) error {
			_, err := st.AttachEvents(ctx, inc.OrgID, inc.ID, func(incident.Incident, []incident.Event) ([]store.NewEvent, error) {
				return []store.NewEvent{statusUpdate}, nil
			})
			return err
		}},
		{"commit an update", true, func(inc incident.Incident) error {
			sev := incident.P1
			next, evs, err := incident.Apply(inc, incident.Update{Version: inc.Version, Severity: &sev}, "warroom", now)
			if err != nil {
				return err
			}
			e := firing(inc, "rule:r:P2")
			e.Update, e.Events = &next, append(toNew(evs), e.Events...)
			_, err = st.Commit(ctx, e)
			return err
		}},
		{"commit an escalation (the insights record counts it)", true, func(inc incident.Incident) error {
			_, err := st.Commit(ctx, firing(inc, "tier:P2:1", "ops"))
			return err
		}},
		{"commit a reminder, no fact of the projection", false, func(inc incident.Incident) error {
			e := firing(inc, "update:1", "ops")
			e.Events[0].Kind = incident.EventUpdateDue
			_, err := st.Commit(ctx, e)
			return err
		}},
		{"append a suggested severity, no fact of the projection (its onset reaches the record through the incident)", false, func(inc incident.Incident) error {
			_, err := st.AppendEvents(ctx, inc.OrgID, inc.ID, []store.NewEvent{{Kind: incident.EventSeveritySuggested,
				Author: "warroom", At: now, Payload: map[string]any{"severity": "P1"}}})
			return err
		}},
		{"append a note", false, func(inc incident.Incident) error {
			_, err := st.AppendEvents(ctx, inc.OrgID, inc.ID, notes(2, now))
			return err
		}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			inc := mustCreate(t, st, 1, newInc(c.name, day0), declared(day0, nil))
			read := dueIDs(t, st, now)[key(inc)]
			saveProjections(t, st, store.Projection{OrgID: 1, IncidentID: inc.ID, Epoch: read.Epoch, Timers: []byte(`{}`)})
			if _, due := dueIDs(t, st, now)[key(inc)]; due {
				t.Fatal("due after a projection that says never")
			}
			if err := c.write(inc); err != nil {
				t.Fatal(err)
			}
			if _, due := dueIDs(t, st, now)[key(inc)]; due != c.dirty {
				t.Fatalf("due after the write: %v, want %v", due, c.dirty)
			}
			if !c.dirty {
				return
			}
			// A tick that read before the write saves what it computed then.
			saveProjections(t, st, store.Projection{OrgID: 1, IncidentID: inc.ID, Epoch: read.Epoch, Timers: []byte(`{}`)})
			fresh, due := dueIDs(t, st, now)[key(inc)]
			if !due || fresh.Epoch == read.Epoch {
				t.Fatalf("a projection older than the write was stored (due %v, epoch %d, was %d)", due, fresh.Epoch, read.Epoch)
			}
		})
	}
}
