package storetest

import (
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/warroom/warroom-incident-app/pkg/incident"
	"github.com/warroom/warroom-incident-app/pkg/store"
)

// testIncidentsDuring: the incidents open at some moment of a range, both
// ends inclusive, whatever their age (created before the range and still
// open, or resolved inside it), with the filters, newest first, page after
// page; CountDuring counts them.
func testIncidentsDuring(t *testing.T, st store.Store) {
	services := [][]string{{"api"}, {"db"}, {"api", "db"}}
	var all []incident.Incident
	for i := range 12 {
		n := newInc("during", day0.Add(time.Duration(i)*time.Hour))
		n.Severity, n.Services = incident.Severities[i%4], services[i%3]
		inc := mustCreate(t, st, 1, n)
		if i%4 != 3 { // every fourth stays open
			resolved := inc.CreatedAt.Add(time.Duration(i%4) * 2 * time.Hour)
			inc.Status, inc.ResolvedAt = incident.Resolved, &resolved
			var err error
			if inc, err = st.UpdateIncident(t.Context(), inc, nil); err != nil {
				t.Fatal(err)
			}
		}
		all = append(all, inc)
	}
	// Declared at the same moment as #4: pages break the tie on the id.
	all = append(all, mustCreate(t, st, 1, newInc("tie", day0.Add(4*time.Hour))))
	slices.SortFunc(all, func(a, b incident.Incident) int { // newest first
		if c := b.CreatedAt.Compare(a.CreatedAt); c != 0 {
			return c
		}
		return strings.Compare(b.ID, a.ID)
	})
	mustCreate(t, st, 2, newInc("other org", day0)) // open all along: never shown

	at := func(h int) time.Time { return us(day0.Add(time.Duration(h) * time.Hour)) }
	cases := []store.During{
		{From: at(6), To: at(8)},   // #2 resolved at 6h and #8 created at 8h: both ends count
		{From: at(5), To: at(5)},   // one moment
		{From: at(50), To: at(60)}, // after everything: the open ones only
		{From: at(-5), To: at(-1)}, // before everything: none
		{From: at(0), To: at(20), Service: "db"},
		{From: at(0), To: at(20), Severity: incident.P2},
		{From: at(0), To: at(20), Tag: "api"},
		{From: at(0), To: at(20), Tag: "P3"},
		{From: at(0), To: at(20), Tag: all[5].ID},
		{From: at(3), To: at(9), Service: "api", Severity: incident.P4, Tag: "db"},
	}
	for _, d := range cases {
		var want []string
		for _, inc := range all {
			if during(inc, d) {
				want = append(want, inc.ID)
			}
		}
		got, more, err := st.IncidentsDuring(t.Context(), 1, d, store.MaxDuring)
		if err != nil {
			t.Fatal(err)
		}
		if !slices.Equal(ids(got), want) || more {
			t.Errorf("%+v: %q (more %v), want %q", d, ids(got), more, want)
		}
		if n, err := st.CountDuring(t.Context(), 1, d); n != len(want) || err != nil {
			t.Errorf("%+v: count %d %v, want %d", d, n, err, len(want))
		}
		// Pages of two, each after the last of the one before.
		var paged []string
		for {
			page, more, err := st.IncidentsDuring(t.Context(), 1, d, 2)
			if err != nil {
				t.Fatal(err)
			}
			paged = append(paged, ids(page)...)
			if !more {
				break
			}
			last := page[len(page)-1]
			d.After = &store.Position{CreatedAt: last.CreatedAt, ID: last.ID}
		}
		if !slices.Equal(paged, want) {
			t.Errorf("%+v in pages of 2: %q, want %q", d, paged, want)
		}
	}
	if got, _, _ := st.IncidentsDuring(t.Context(), 1, store.During{From: at(0), To: at(20)}, 0); len(got) != 1 {
		t.Errorf("limit 0 read %d incidents, want it raised to 1", len(got))
	}

	// LinksOnly: the links and no other detail.
	n := newInc("linked", day0.Add(100*time.Hour))
	n.Details = incident.Details{Links: incident.Links{DashboardUID: "svc", PanelID: 2}, Checklist: incident.DefaultChecklist()}.Normalize()
	linked := mustCreate(t, st, 1, n)
	d := store.During{From: at(100), To: at(100), LinksOnly: true}
	got, _, err := st.IncidentsDuring(t.Context(), 1, d, store.MaxDuring)
	if err != nil || len(got) == 0 || got[0].ID != linked.ID {
		t.Fatalf("%+v: %v %v", d, ids(got), err)
	}
	if got[0].Details.Links != linked.Details.Links || len(got[0].Details.Checklist) != 0 {
		t.Errorf("LinksOnly details %+v, want links %+v alone", got[0].Details, linked.Details.Links)
	}
	d.LinksOnly = false
	if got, _, _ := st.IncidentsDuring(t.Context(), 1, d, store.MaxDuring); len(got[0].Details.Checklist) == 0 {
		t.Errorf("without LinksOnly the checklist is missing: %+v", got[0].Details)
	}
	d = store.During{From: at(0), To: at(0), LinksOnly: true, Tag: all[len(all)-1].ID} // no links stored
	if got, _, err := st.IncidentsDuring(t.Context(), 1, d, store.MaxDuring); err != nil || len(got) != 1 || got[0].Details.Links != (incident.Links{}) {
		t.Errorf("LinksOnly without links: %+v %v", got, err)
	}
}

// during is the model of store.During.
func during(inc incident.Incident, d store.During) bool {
	tag := func(t string) bool {
		return t == inc.ID || t == string(inc.Severity) || slices.Contains(inc.Services, t)
	}
	return !inc.CreatedAt.After(d.To) && (inc.ResolvedAt == nil || !inc.ResolvedAt.Before(d.From)) &&
		(d.Service == "" || slices.Contains(inc.Services, d.Service)) &&
		(d.Severity == "" || inc.Severity == d.Severity) && (d.Tag == "" || tag(d.Tag))
}

// testEventsDuring: the events of the kinds asked whose time falls in the
// range, both ends inclusive, of the incidents named, in Seq order.
func testEventsDuring(t *testing.T, st store.Store) {
	a := mustCreate(t, st, 1, newInc("a", day0), declared(day0, nil))
	b := mustCreate(t, st, 1, newInc("b", day0), declared(day0, nil))
	other := mustCreate(t, st, 2, newInc("other org", day0), declared(day0.Add(time.Hour), nil))
	mustAppend(t, st, 1, a.ID, notes(3, day0.Add(time.Hour))...)
	update := func(min int) store.NewEvent {
		return store.NewEvent{Kind: incident.EventStatusUpdate, Author: "ada", At: day0.Add(time.Duration(min) * time.Minute)}
	}
	inA := mustAppend(t, st, 1, a.ID, update(60), update(90), update(120))
	mustAppend(t, st, 1, a.ID, update(121))
	inB := mustAppend(t, st, 1, b.ID, update(75))

	kinds := []incident.EventKind{incident.EventDeclared, incident.EventStatusUpdate}
	got, err := st.EventsDuring(t.Context(), 1, []string{a.ID, b.ID, other.ID}, kinds, day0.Add(time.Hour), day0.Add(2*time.Hour))
	if err != nil {
		t.Fatal(err)
	}
	sameEvents(t, "a: its updates from 60 to 120 minutes, not its notes", got[a.ID], inA)
	sameEvents(t, "b", got[b.ID], inB)
	if len(got) != 2 {
		t.Errorf("keys %v: another org's incident must be absent", keysOf(got))
	}
}
