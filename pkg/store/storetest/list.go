package storetest

import (
	"cmp"
	"encoding/json"
	"fmt"
	"reflect"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/warroom/warroom-incident-app/pkg/incident"
	"github.com/warroom/warroom-incident-app/pkg/store"
)

// seedList stores 24 incidents in org 1 with every combination the filters
// and sorts care about, plus noise in org 2, and returns org 1's as stored.
func seedList(t *testing.T, st store.Store) []incident.Incident {
	services := [][]string{{"api"}, {"db"}, {"api", "db"}, {"cache"}}
	var out []incident.Incident
	for i := range 24 {
		n := newInc(fmt.Sprint("list ", i), day0.Add(time.Duration(i)*time.Hour))
		n.Severity = incident.Severities[(i*3+i/4)%4] // shuffled: severity order ≠ created order
		n.Status = incident.Statuses[i%4]
		n.Services = services[(i/4)%4]
		inc := mustCreate(t, st, 1, n)
		if i%3 == 0 { // touch some later, out of created order
			inc.UpdatedAt = day0.Add(time.Duration(100-i) * time.Hour)
			var err error
			if inc, err = st.UpdateIncident(t.Context(), inc, nil); err != nil {
				t.Fatal(err)
			}
		}
		out = append(out, inc)
	}
	mustCreate(t, st, 2, newInc("other org", day0)) // must never show up
	return out
}

func ids(incs []incident.Incident) []string {
	out := make([]string, len(incs))
	for i, inc := range incs {
		out[i] = inc.ID
	}
	return out
}

// expect applies f to all in Go: the model the store must match. From and To
// compare at the stored precision (microseconds), like every stored time.
func expect(all []incident.Incident, f store.Filter) []incident.Incident {
	var out []incident.Incident
	for _, inc := range all {
		if (len(f.Statuses) == 0 || slices.Contains(f.Statuses, inc.Status)) &&
			(len(f.Severities) == 0 || slices.Contains(f.Severities, inc.Severity)) &&
			(f.Service == "" || slices.Contains(inc.Services, f.Service)) &&
			(f.From.IsZero() || !inc.CreatedAt.Before(us(f.From))) &&
			(f.To.IsZero() || inc.CreatedAt.Before(us(f.To))) {
			out = append(out, inc)
		}
	}
	slices.SortFunc(out, func(a, b incident.Incident) int {
		var c int
		switch f.Sort {
		case store.SortUpdated:
			c = a.UpdatedAt.Compare(b.UpdatedAt)
		case store.SortSeverity:
			c = cmp.Or(cmp.Compare(a.Severity, b.Severity), a.CreatedAt.Compare(b.CreatedAt))
		default:
			c = a.CreatedAt.Compare(b.CreatedAt)
		}
		if c == 0 {
			c = cmp.Compare(a.ID, b.ID)
		}
		if f.Desc {
			return -c
		}
		return c
	})
	return out
}

func checkList(t *testing.T, st store.Store, all []incident.Incident, name string, f store.Filter) {
	t.Helper()
	page, err := st.ListIncidents(t.Context(), 1, f)
	if err != nil {
		t.Fatalf("%s: %v", name, err)
	}
	want := expect(all, f)
	if page.Total != len(want) {
		t.Errorf("%s: total %d, want %d", name, page.Total, len(want))
	}
	lo := min(max(f.Offset, 0), len(want))
	limit := f.Limit
	if limit <= 0 {
		limit = 50
	}
	want = want[lo:min(lo+limit, len(want))]
	if !slices.Equal(ids(page.Items), ids(want)) {
		t.Errorf("%s:\n got  %v\n want %v", name, ids(page.Items), ids(want))
	}
}

func testListFilters(t *testing.T, st store.Store) {
	all := seedList(t, st)
	at := func(h int) time.Time { return day0.Add(time.Duration(h) * time.Hour) }
	cases := map[string]store.Filter{
		"no filter":          {},
		"one status":         {Statuses: []incident.Status{incident.Resolved}},
		"two statuses":       {Statuses: []incident.Status{incident.Investigating, incident.Monitoring}},
		"one severity":       {Severities: []incident.Severity{incident.P1}},
		"two severities":     {Severities: []incident.Severity{incident.P2, incident.P4}},
		"service":            {Service: "db"},
		"unknown service":    {Service: "nope"},
		"from is inclusive":  {From: at(5)},
		"to is exclusive":    {To: at(5)},
		"from-to window":     {From: at(3), To: at(11)},
		"window, sub-µs":     {From: at(3).Add(time.Nanosecond), To: at(11).Add(time.Nanosecond)},
		"everything at once": {Statuses: []incident.Status{incident.Investigating, incident.Identified}, Severities: []incident.Severity{incident.P1, incident.P2, incident.P3}, Service: "api", From: at(1), To: at(20)},
	}
	for name, f := range cases {
		checkList(t, st, all, name, f)
	}
	// The seed must make the filters meaningful: none matches all or nothing.
	for _, name := range []string{"one status", "service", "everything at once"} {
		if n := len(expect(all, cases[name])); n == 0 || n == len(all) {
			t.Fatalf("seed is degenerate for %q: %d matches", name, n)
		}
	}
}

func testListSort(t *testing.T, st store.Store) {
	all := seedList(t, st)
	for _, sort := range []store.SortField{"", store.SortCreated, store.SortUpdated, store.SortSeverity} {
		for _, desc := range []bool{false, true} {
			name := fmt.Sprintf("sort %q desc=%v", sort, desc)
			checkList(t, st, all, name, store.Filter{Sort: sort, Desc: desc})
			// Pages of 5 tile the full order exactly.
			var paged []string
			for off := 0; off < len(all); off += 5 {
				f := store.Filter{Sort: sort, Desc: desc, Limit: 5, Offset: off}
				checkList(t, st, all, fmt.Sprintf("%s offset %d", name, off), f)
				page, _ := st.ListIncidents(t.Context(), 1, f)
				paged = append(paged, ids(page.Items)...)
			}
			if full := ids(expect(all, store.Filter{Sort: sort, Desc: desc})); !slices.Equal(paged, full) {
				t.Errorf("%s: pages %v do not tile %v", name, paged, full)
			}
		}
	}
	page, err := st.ListIncidents(t.Context(), 1, store.Filter{Sort: store.SortSeverity, Limit: 1})
	if err != nil || len(page.Items) != 1 || page.Items[0].Severity != incident.P1 {
		t.Fatalf("severity ascending must start with P1: %+v, %v", page.Items, err)
	}
	page, err = st.ListIncidents(t.Context(), 1, store.Filter{Offset: 1000})
	if err != nil || len(page.Items) != 0 || page.Total != len(all) {
		t.Fatalf("offset past the end: %d items, total %d, %v", len(page.Items), page.Total, err)
	}
}

// Within a severity level the list is by age, not by id: an incident
// declared with an earlier time (imported, backdated) sorts before an older id.
func testListSeverityThenAge(t *testing.T, st store.Store) {
	declare := func(title string, sev incident.Severity, at time.Time) string {
		n := newInc(title, at)
		n.Severity = sev
		return mustCreate(t, st, 1, n).ID
	}
	p2 := declare("p2 oldest", incident.P2, day0)
	p1Later := declare("p1 later", incident.P1, day0.Add(2*time.Hour))
	p1Earlier := declare("p1 earlier", incident.P1, day0.Add(time.Hour))
	for desc, want := range map[bool][]string{false: {p1Earlier, p1Later, p2}, true: {p2, p1Later, p1Earlier}} {
		page, err := st.ListIncidents(t.Context(), 1, store.Filter{Sort: store.SortSeverity, Desc: desc})
		if err != nil {
			t.Fatal(err)
		}
		if got := ids(page.Items); !slices.Equal(got, want) {
			t.Errorf("severity desc=%v: %v, want %v", desc, got, want)
		}
	}
}

// Limit 0 means 50; more than 500 is cut to 500.
func testListLimits(t *testing.T, st store.Store) {
	const n = 501
	var wg sync.WaitGroup
	errs := make(chan error, n)
	for w := range 8 {
		wg.Go(func() {
			for i := w; i < n; i += 8 {
				at := day0.Add(time.Duration(i) * time.Millisecond)
				if _, err := st.CreateIncident(t.Context(), 1, newInc(fmt.Sprint("bulk ", i), at), nil); err != nil {
					errs <- err
					return
				}
			}
		})
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Fatal(err)
	}
	for limit, want := range map[int]int{0: 50, -1: 50, 1: 1, 500: 500, 501: 500, 10000: 500} {
		page, err := st.ListIncidents(t.Context(), 1, store.Filter{Limit: limit})
		if err != nil || len(page.Items) != want || page.Total != n {
			t.Errorf("limit %d: %d items, total %d, %v; want %d items, total %d", limit, len(page.Items), page.Total, err, want, n)
		}
	}
}

// testListWithoutPostmortem: a list page can leave the post-mortem out of
// the rows it reads and keeps every other detail; the default keeps it.
func testListWithoutPostmortem(t *testing.T, st store.Store) {
	n := newInc("with post-mortem", day0)
	n.Details = incident.Details{Links: incident.Links{DashboardUID: "dash-1"}, Labels: map[string]string{"team": "ops"},
		Checklist:  []incident.ChecklistItem{{ID: "ticket", Text: "Create incident ticket"}},
		Postmortem: json.RawMessage(`{"summary":"` + strings.Repeat("s", 1000) + `"}`)}
	mustCreate(t, st, 1, n)
	mustCreate(t, st, 1, newInc("without", day0.Add(time.Hour)))
	lean, err := st.ListIncidents(t.Context(), 1, store.Filter{WithoutPostmortem: true, Sort: store.SortCreated})
	if err != nil || len(lean.Items) != 2 || lean.Total != 2 {
		t.Fatalf("lean list: %v %+v", err, lean)
	}
	full, err := st.ListIncidents(t.Context(), 1, store.Filter{Sort: store.SortCreated})
	if err != nil || len(full.Items) != 2 {
		t.Fatalf("list: %v %+v", err, full)
	}
	for i := range lean.Items {
		l, f := lean.Items[i], full.Items[i]
		if len(l.Details.Postmortem) != 0 {
			t.Errorf("%s: the lean row holds the post-mortem", l.ID)
		}
		f.Details.Postmortem = nil
		if !reflect.DeepEqual(l, f) {
			t.Errorf("the lean row differs beyond the post-mortem:\n lean %+v\n full %+v", l, f)
		}
	}
	if got := full.Items[0]; got.Title != "with post-mortem" || !strings.Contains(string(got.Details.Postmortem), "sss") {
		t.Errorf("the default list lost the post-mortem: %+v", got.Details)
	}

	// With stored timers asked for, a row whose timers the caller must
	// compute (here: never projected) keeps its post-mortem, which the
	// post-mortem timer reads; once its projection holds, it is lean again.
	now := day0.Add(2 * time.Hour)
	lean, err = st.ListIncidents(t.Context(), 1, store.Filter{WithoutPostmortem: true, Sort: store.SortCreated, TimersAt: now})
	if err != nil || len(lean.Items) != 2 || len(lean.Timers) != 0 {
		t.Fatalf("lean list with timers: %v %+v", err, lean)
	}
	if !reflect.DeepEqual(lean.Items, full.Items) {
		t.Errorf("rows without stored timers differ from the full rows:\n%+v\n%+v", lean.Items, full.Items)
	}
	withPM := lean.Items[0]
	read := dueIDs(t, st, now)[key(withPM)]
	saveProjections(t, st, store.Projection{OrgID: 1, IncidentID: withPM.ID, Epoch: read.Epoch, Timers: []byte(`{"timers":[]}`)})
	lean, err = st.ListIncidents(t.Context(), 1, store.Filter{WithoutPostmortem: true, Sort: store.SortCreated, TimersAt: now})
	if err != nil || len(lean.Items) != 2 || string(lean.Timers[withPM.ID]) != `{"timers":[]}` {
		t.Fatalf("lean list with a stored projection: %v %+v", err, lean)
	}
	if len(lean.Items[0].Details.Postmortem) != 0 {
		t.Errorf("a row with stored timers holds the post-mortem")
	}
}
