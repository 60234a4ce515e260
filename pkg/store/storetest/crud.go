package storetest

import (
	"testing"
	"time"

	"github.com/warroom/warroom-incident-app/pkg/incident"
	"github.com/warroom/warroom-incident-app/pkg/store"
)

func testRoundTrip(t *testing.T, st store.Store) {
	// 00:30 at UTC+2 is still the 14th in UTC: ids use the UTC day.
	at := time.Date(2026, 3, 15, 0, 30, 1, 123456789, time.FixedZone("EET", 2*3600))
	n := store.NewIncident{
		Title: "Checkout 502s", Severity: incident.P1, Status: incident.Identified,
		Services: []string{"checkout", "api"}, Summary: "ELB returns 502 — «unicode» ok",
		Details: incident.Details{
			Links:         incident.Links{DashboardUID: "dash-1", PanelID: 4, AlertRuleUID: "rule-9"},
			Labels:        map[string]string{"team": "payments", "region": "eu-west-1"},
			PolicyVersion: 3,
		},
		Author: "ada", At: at,
	}
	got := mustCreate(t, st, 1, n, declared(at, map[string]any{"severity": "P1", "n": 1}))
	want := incident.Incident{
		OrgID: 1, ID: "INC-2026-03-14-001", Title: n.Title, Severity: n.Severity, Status: n.Status,
		Services: []string{"checkout", "api"}, Summary: n.Summary, CreatedBy: "ada",
		CreatedAt: us(at), UpdatedAt: us(at), Version: 1, Details: n.Details,
	}
	sameIncident(t, "created", got, want)
	sameIncident(t, "read back", mustGet(t, st, 1, got.ID), want)
	sameEvents(t, "timeline", mustEvents(t, st, 1, got.ID, 0), []incident.Event{{
		OrgID: 1, IncidentID: got.ID, Seq: 1, Kind: incident.EventDeclared, Author: "ada", At: us(at),
		Payload: map[string]any{"severity": "P1", "n": float64(1)},
	}})
}

// Services are never null, so the API always sends an array.
func testNilServices(t *testing.T, st store.Store) {
	n := newInc("no services", day0)
	n.Services = nil
	got := mustCreate(t, st, 1, n)
	if got.Services == nil || len(got.Services) != 0 {
		t.Fatalf("created: services %#v, want empty non-nil", got.Services)
	}
	if s := mustGet(t, st, 1, got.ID).Services; s == nil || len(s) != 0 {
		t.Fatalf("read back: services %#v, want empty non-nil", s)
	}
	if evs := mustEvents(t, st, 1, got.ID, 0); len(evs) != 0 {
		t.Fatalf("created without events, got timeline %+v", evs)
	}
}

func testNotFound(t *testing.T, st store.Store) {
	_, err := st.GetIncident(t.Context(), 1, "INC-2026-03-14-999")
	wantErr(t, "unknown id", err, store.ErrNotFound)
	inc := mustCreate(t, st, 1, newInc("a", day0))
	_, err = st.GetIncident(t.Context(), 2, inc.ID)
	wantErr(t, "id of another org", err, store.ErrNotFound)
	_, err = st.ListEvents(t.Context(), 1, "INC-2026-03-14-999", 0)
	wantErr(t, "events of unknown id", err, store.ErrNotFound)
}

func testOrgIsolation(t *testing.T, st store.Store) {
	ctx := t.Context()
	a := mustCreate(t, st, 1, newInc("org one", day0), declared(day0, nil))
	only1 := mustCreate(t, st, 1, newInc("org one, second", day0), declared(day0, nil))
	// Org 2 gets the same first id on the same day: counters are per org.
	b := mustCreate(t, st, 2, newInc("org two", day0))
	if a.ID != b.ID || a.ID != "INC-2026-03-14-001" {
		t.Fatalf("first ids of two orgs: %s and %s, want both INC-2026-03-14-001", a.ID, b.ID)
	}
	if got := mustGet(t, st, 2, b.ID); got.Title != "org two" {
		t.Fatalf("org 2 reads %q under its id, want its own incident", got.Title)
	}

	// only1 (…-002) exists in org 1 alone: org 2 can do nothing with it.
	page, err := st.ListIncidents(ctx, 2, store.Filter{})
	if err != nil || page.Total != 1 || len(page.Items) != 1 || page.Items[0].Title != "org two" {
		t.Fatalf("org 2 list: %+v, %v; want only its own incident", page, err)
	}
	_, err = st.GetIncident(ctx, 2, only1.ID)
	wantErr(t, "org 2 get", err, store.ErrNotFound)
	hijack := only1
	hijack.OrgID, hijack.Title = 2, "hijacked"
	_, err = st.UpdateIncident(ctx, hijack, []store.NewEvent{{Kind: incident.EventNote, Author: "eve", At: day0}})
	wantErr(t, "org 2 update", err, store.ErrNotFound)
	_, err = st.AppendEvents(ctx, 2, only1.ID, []store.NewEvent{{Kind: incident.EventNote, Author: "eve", At: day0}})
	wantErr(t, "org 2 append", err, store.ErrNotFound)
	_, err = st.ListEvents(ctx, 2, only1.ID, 0)
	wantErr(t, "org 2 events", err, store.ErrNotFound)
	sameIncident(t, "org 1 after org 2's attempts", mustGet(t, st, 1, only1.ID), only1)
	if evs := mustEvents(t, st, 1, only1.ID, 0); len(evs) != 1 {
		t.Fatalf("org 1 timeline changed: %+v", evs)
	}

	// Org 2 changing its own …-001 leaves org 1's namesake alone.
	b.Title = "org two, renamed"
	if _, err := st.UpdateIncident(ctx, b, []store.NewEvent{{Kind: incident.EventNote, Author: "bob", At: day0}}); err != nil {
		t.Fatal(err)
	}
	if _, err := st.AppendEvents(ctx, 2, b.ID, []store.NewEvent{{Kind: incident.EventNote, Author: "bob", At: day0}}); err != nil {
		t.Fatal(err)
	}
	sameIncident(t, "org 1 after org 2's update", mustGet(t, st, 1, a.ID), a)
	if evs := mustEvents(t, st, 1, a.ID, 0); len(evs) != 1 {
		t.Fatalf("org 1 timeline changed: %+v", evs)
	}
	if evs := mustEvents(t, st, 2, b.ID, 0); len(evs) != 2 || evs[0].Seq != 1 || evs[0].Author != "bob" {
		t.Fatalf("org 2 timeline: %+v, want its own two notes from seq 1", evs)
	}
	if page, err := st.ListIncidents(ctx, 1, store.Filter{Service: "api"}); err != nil || page.Total != 2 {
		t.Fatalf("org 1 list by service: %+v, %v; want its 2 incidents", page, err)
	}
}

func testPingClose(t *testing.T, st store.Store) {
	ctx := t.Context()
	if err := st.Ping(ctx); err != nil {
		t.Fatalf("ping: %v", err)
	}
	inc := mustCreate(t, st, 1, newInc("a", day0))
	if err := st.Close(); err != nil {
		t.Fatalf("close: %v", err)
	}
	// Every call after Close must fail with an error, not panic.
	checks := map[string]error{}
	checks["ping"] = st.Ping(ctx)
	_, checks["get"] = st.GetIncident(ctx, 1, inc.ID)
	_, checks["list"] = st.ListIncidents(ctx, 1, store.Filter{})
	_, checks["create"] = st.CreateIncident(ctx, 1, newInc("b", day0), nil)
	_, checks["update"] = st.UpdateIncident(ctx, inc, nil)
	_, checks["append"] = st.AppendEvents(ctx, 1, inc.ID, []store.NewEvent{{Kind: incident.EventNote, At: day0}})
	_, checks["events"] = st.ListEvents(ctx, 1, inc.ID, 0)
	for name, err := range checks {
		if err == nil {
			t.Errorf("%s after Close: want an error, got nil", name)
		}
	}
}
