package storetest

import (
	"fmt"
	"slices"
	"testing"
	"time"

	"github.com/warroom/warroom-incident-app/pkg/incident"
	"github.com/warroom/warroom-incident-app/pkg/store"
)

// urgentCase is one open incident and the timers stored for it, if any:
// minutes from now of the soonest running due time, of the warning, and of
// the projection's next due time (0: none stored).
type urgentCase struct {
	title         string
	sev           incident.Severity
	service       string
	soonest, warn *int
	nextDue       int
}

func mins(m int) *int { return &m }

// testUrgentIncidents: the panel's page ranks stored timers as
// board.SortByUrgency does (breached, warning, ok, none running; severity;
// soonest due; id), puts every incident whose stored timers do not hold
// first without them, however many, then at most Limit of the others with
// theirs; filters by services and levels; counts every match; never shows
// a resolved incident or another org's. The list hands out stored timers
// only where they hold (Filter.TimersAt).
func testUrgentIncidents(t *testing.T, st store.Store) {
	now := day0.Add(24 * time.Hour)
	cases := []urgentCase{
		{"ok p1 late", incident.P1, "api", mins(50), mins(40), 40},
		{"breached p3", incident.P3, "db", mins(-5), mins(-9), 30},
		{"none running p1", incident.P1, "api", nil, nil, 60},
		{"warning p2 soon ok", incident.P2, "db", mins(3), mins(-1), 3},
		{"warning p2", incident.P2, "api", mins(8), mins(-2), 8},
		{"breached p1", incident.P1, "cache", mins(-30), mins(-40), 15},
		{"ok p1 soon", incident.P1, "db", mins(20), mins(16), 16},
		{"stale: never computed", incident.P4, "api", nil, nil, 0},
		{"stale: fell due", incident.P1, "db", mins(-1), mins(-2), -1},
	}
	byTitle := map[string]incident.Incident{}
	for i, c := range cases {
		n := newInc(c.title, day0.Add(time.Duration(i)*time.Minute))
		n.Severity, n.Services = c.sev, []string{c.service}
		byTitle[c.title] = mustCreate(t, st, 1, n)
	}
	resolved := newInc("resolved", day0)
	resolved.Status = incident.Resolved
	mustCreate(t, st, 1, resolved)
	mustCreate(t, st, 2, newInc("other org", day0))
	due := dueIDs(t, st, now)
	var ps []store.Projection
	at := func(m *int) *time.Time {
		if m == nil {
			return nil
		}
		v := now.Add(time.Duration(*m) * time.Minute)
		return &v
	}
	for _, c := range cases {
		if c.nextDue == 0 {
			continue
		}
		oi := due[key(byTitle[c.title])]
		ps = append(ps, store.Projection{OrgID: 1, IncidentID: oi.Incident.ID, Epoch: oi.Epoch, NextDue: at(&c.nextDue),
			SoonestDue: at(c.soonest), WarnAt: at(c.warn), Timers: []byte(fmt.Sprintf(`{"title":%q}`, c.title))})
	}
	saveProjections(t, st, ps...)

	stale := []string{"stale: fell due", "stale: never computed"} // in id order among themselves
	ranked := []string{"breached p1", "breached p3", "warning p2 soon ok", "warning p2", "ok p1 soon", "ok p1 late", "none running p1"}
	for _, tc := range []struct {
		q     store.UrgentQuery
		want  []string
		total int
	}{
		{store.UrgentQuery{Limit: 100}, append(slices.Clone(stale), ranked...), 9},
		{store.UrgentQuery{Limit: 2}, append(slices.Clone(stale), ranked[:2]...), 9},
		{store.UrgentQuery{Limit: 1, Severities: []incident.Severity{incident.P2, incident.P3}}, []string{"breached p3"}, 3},
		{store.UrgentQuery{Limit: 100, Services: []string{"db", "cache"}}, []string{"stale: fell due", "breached p1", "breached p3", "warning p2 soon ok", "ok p1 soon"}, 5},
		{store.UrgentQuery{Limit: 100, Services: []string{"nope"}}, nil, 0},
	} {
		tc.q.Now = now
		page, err := st.UrgentIncidents(t.Context(), 1, tc.q)
		if err != nil {
			t.Fatal(err)
		}
		var got []string
		for _, inc := range page.Items {
			got = append(got, inc.Title)
			stored, ok := page.Timers[inc.ID]
			if wantStored := !slices.Contains(stale, inc.Title); ok != wantStored || (ok && string(stored) != fmt.Sprintf(`{"title":%q}`, inc.Title)) {
				t.Errorf("%+v: %s: stored timers %q, want stored %v", tc.q, inc.Title, stored, wantStored)
			}
		}
		if page.Total != tc.total {
			t.Errorf("%+v: total %d, want %d", tc.q, page.Total, tc.total)
		}
		// Stale rows come first; their order among themselves is the caller's.
		if n := min(len(stale), len(got)); tc.total == 9 && !sameSet(got[:n], stale) {
			t.Errorf("%+v: %v does not start with the stale %v", tc.q, got, stale)
		} else if tc.total == 9 {
			got = append(slices.Clone(stale), got[n:]...)
		}
		if fmt.Sprint(got) != fmt.Sprint(tc.want) {
			t.Errorf("%+v:\n got  %v\n want %v", tc.q, got, tc.want)
		}
	}

	page, err := st.ListIncidents(t.Context(), 1, store.Filter{TimersAt: now})
	if err != nil {
		t.Fatal(err)
	}
	for _, inc := range page.Items {
		_, ok := page.Timers[inc.ID]
		if want := slices.Contains(ranked, inc.Title); ok != want {
			t.Errorf("list at now: %s has stored timers %v, want %v", inc.Title, ok, want)
		}
	}
	if page, err = st.ListIncidents(t.Context(), 1, store.Filter{}); err != nil || len(page.Timers) != 0 {
		t.Errorf("a list without TimersAt handed out %d stored timers (%v)", len(page.Timers), err)
	}
}

func sameSet(a, b []string) bool {
	a, b = slices.Clone(a), slices.Clone(b)
	slices.Sort(a)
	slices.Sort(b)
	return slices.Equal(a, b)
}
