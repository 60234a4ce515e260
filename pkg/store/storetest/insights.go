package storetest

import (
	"reflect"
	"slices"
	"testing"
	"time"

	"github.com/warroom/warroom-incident-app/pkg/incident"
	"github.com/warroom/warroom-incident-app/pkg/insights"
	"github.com/warroom/warroom-incident-app/pkg/store"
)

// record is a record of inc with every field set, most severe level sev.
func record(inc incident.Incident, sev incident.Severity) insights.Record {
	at := func(d time.Duration) *time.Time { t := us(inc.CreatedAt.Add(d)); return &t }
	return insights.Record{OrgID: inc.OrgID, IncidentID: inc.ID, Severity: sev, Status: inc.Status, PolicyVersion: 3,
		ImpactStart: us(inc.CreatedAt.Add(-20 * time.Minute)), ImpactFrom: insights.FromMetrics,
		Detected: us(inc.CreatedAt.Add(-5 * time.Minute)), Declared: us(inc.CreatedAt),
		Acknowledged: at(4 * time.Minute), Mitigated: at(time.Hour), Resolved: at(2 * time.Hour), Reopened: 1,
		ProposedImpact: at(-30 * time.Minute), Respond: insights.Met, Resolve: insights.Breached, Updates: insights.Pending,
		Postmortem: insights.NotApplicable, MissedUpdates: 2, Escalations: 3, Pages: 5, ActionItems: 4,
		OpenDue: []string{"", "2026-03-20", "2026-04-01"}}
}

// project saves a projection of each incident as read at now, due next at
// next (nil: never), with recs[i] as its record.
func project(t *testing.T, st store.Store, now time.Time, next *time.Time, recs ...insights.Record) {
	t.Helper()
	read := dueIDs(t, st, now)
	ps := make([]store.Projection, len(recs))
	for i, r := range recs {
		k := store.Cursor{OrgID: r.OrgID, ID: r.IncidentID}
		ps[i] = store.Projection{OrgID: r.OrgID, IncidentID: r.IncidentID, Epoch: read[k].Epoch, NextDue: next, Timers: []byte(`{}`), Insights: r}
	}
	saveProjections(t, st, ps...)
}

func insightsRows(t *testing.T, st store.Store, org int64, f store.InsightsFilter) ([]insights.Row, []string) {
	t.Helper()
	rows, stale, err := st.InsightsRows(t.Context(), org, f)
	if err != nil {
		t.Fatal(err)
	}
	return rows, stale
}

func rowIDs(rows []insights.Row) []string {
	ids := []string{}
	for _, r := range rows {
		ids = append(ids, r.IncidentID)
	}
	return ids
}

// testInsightsRows: a record saved with a projection is read back as saved,
// with the incident's title and services, in declaration order; the range,
// services and (stored, most severe) severities select; another org's
// records are never read.
func testInsightsRows(t *testing.T, st store.Store) {
	now := day0.Add(time.Hour)
	next := now.Add(time.Hour)
	a := mustCreate(t, st, 1, newInc("a", day0))
	web := newInc("b", day0.Add(24*time.Hour))
	web.Services, web.Severity = []string{"web", "api"}, incident.P3
	b := mustCreate(t, st, 1, web)
	late := mustCreate(t, st, 1, newInc("late", day0.Add(10*24*time.Hour)))
	other := mustCreate(t, st, 2, newInc("other", day0))
	recA, recB := record(a, incident.P1), record(b, incident.P3)
	recB.Acknowledged, recB.Mitigated, recB.Resolved, recB.ProposedImpact, recB.OpenDue = nil, nil, nil, nil, []string{}
	project(t, st, now, &next, recA, recB, record(late, incident.P2), record(other, incident.P1))

	week := store.InsightsFilter{From: day0, To: day0.Add(7 * 24 * time.Hour), At: now}
	rows, stale := insightsRows(t, st, 1, week)
	if len(stale) != 0 {
		t.Errorf("stale %v, want none", stale)
	}
	want := []insights.Row{{Record: recA, Title: "a", Services: []string{"api"}}, {Record: recB, Title: "b", Services: []string{"web", "api"}}}
	if !reflect.DeepEqual(rows, want) {
		t.Errorf("rows\n%+v\nwant\n%+v", rows, want)
	}

	cases := []struct {
		name string
		org  int64
		f    func(f store.InsightsFilter) store.InsightsFilter
		want []string
	}{
		{"one day", 1, func(f store.InsightsFilter) store.InsightsFilter { f.To = day0.Add(time.Hour); return f }, []string{a.ID}},
		{"from the second day, no end", 1, func(f store.InsightsFilter) store.InsightsFilter {
			f.From, f.To = day0.Add(time.Hour), time.Time{}
			return f
		}, []string{b.ID, late.ID}},
		{"a service", 1, func(f store.InsightsFilter) store.InsightsFilter { f.Services = []string{"web", "db"}; return f }, []string{b.ID}},
		{"the most severe level reached", 1, func(f store.InsightsFilter) store.InsightsFilter {
			f.Severities = []incident.Severity{incident.P1}
			return f
		}, []string{a.ID}},
		{"no match", 1, func(f store.InsightsFilter) store.InsightsFilter {
			f.Severities = []incident.Severity{incident.P2}
			return f
		}, []string{}},
		{"the other org", 2, func(f store.InsightsFilter) store.InsightsFilter { return f }, []string{other.ID}},
		{"an org without incidents", 3, func(f store.InsightsFilter) store.InsightsFilter { return f }, []string{}},
	}
	for _, c := range cases {
		rows, stale := insightsRows(t, st, c.org, c.f(week))
		if got := rowIDs(rows); !slices.Equal(got, c.want) || len(stale) != 0 {
			t.Errorf("%s: rows %v stale %v, want rows %v", c.name, got, stale, c.want)
		}
	}
	if rows, _ := insightsRows(t, st, 2, week); len(rows) == 1 && rows[0].OrgID != 2 {
		t.Errorf("org 2's row says org %d", rows[0].OrgID)
	}
}

// testInsightsStale: a record is fresh while its incident's projection
// holds. Never projected, written since, or due at the time asked, its
// incident is listed as stale instead (whatever its stored level, which
// may be out of date); a projection read before a write is refused for the
// record as for the timers.
func testInsightsStale(t *testing.T, st store.Store) {
	ctx := t.Context()
	now := day0.Add(time.Hour)
	next := now.Add(time.Hour)
	never := mustCreate(t, st, 1, newInc("never projected", day0))
	due := mustCreate(t, st, 1, newInc("due", day0))
	written := mustCreate(t, st, 1, newInc("written", day0))
	quiet := mustCreate(t, st, 1, newInc("quiet", day0))
	read := dueIDs(t, st, now)
	project(t, st, now, &next, record(due, incident.P1), record(written, incident.P1))
	project(t, st, now, nil, record(quiet, incident.P2))

	all := store.InsightsFilter{From: day0, To: day0.Add(time.Hour), At: now}
	if rows, stale := insightsRows(t, st, 1, all); !slices.Equal(rowIDs(rows), []string{due.ID, written.ID, quiet.ID}) ||
		!slices.Equal(stale, []string{never.ID}) {
		t.Fatalf("after the projections: rows %v stale %v, want the never projected one stale", rowIDs(rows), stale)
	}
	if _, err := st.AppendEvents(ctx, 1, written.ID, []store.NewEvent{{Kind: incident.EventEscalation, Author: "warroom", At: now,
		Payload: map[string]any{"key": "tier:P2:1"}}}); err != nil {
		t.Fatal(err)
	}
	// A tick that read before the write saves what it computed then.
	old := record(written, incident.P4)
	saveProjections(t, st, store.Projection{OrgID: 1, IncidentID: written.ID, Epoch: read[key(written)].Epoch, NextDue: &next, Insights: old})
	if got := rawQuery(t, st, `SELECT severity FROM incident_insights WHERE org_id = 1 AND incident_id = '%s'`, written.ID); got != "P1" {
		t.Errorf("a record older than the write was stored: severity %s, want P1", got)
	}

	at := func(at time.Time, sev ...incident.Severity) store.InsightsFilter {
		f := all
		f.At, f.Severities = at, sev
		return f
	}
	for _, c := range []struct {
		name             string
		f                store.InsightsFilter
		wantRows, wantSt []string
	}{
		{"written since", at(now), []string{due.ID, quiet.ID}, []string{never.ID, written.ID}},
		{"at the next due time", at(next), []string{quiet.ID}, []string{never.ID, due.ID, written.ID}},
		{"stale whatever their stored level", at(next, incident.P2), []string{quiet.ID}, []string{never.ID, due.ID, written.ID}},
		{"fresh ones by their level", at(now, incident.P3), []string{}, []string{never.ID, written.ID}},
	} {
		rows, stale := insightsRows(t, st, 1, c.f)
		if !slices.Equal(rowIDs(rows), c.wantRows) || !slices.Equal(stale, c.wantSt) {
			t.Errorf("%s: rows %v stale %v, want rows %v stale %v", c.name, rowIDs(rows), stale, c.wantRows, c.wantSt)
		}
	}

	// The next tick computes it again: fresh, as computed then.
	project(t, st, now, &next, record(written, incident.P2))
	if rows, _ := insightsRows(t, st, 1, at(now, incident.P2)); !slices.Equal(rowIDs(rows), []string{written.ID, quiet.ID}) {
		t.Errorf("after the next projection: rows %v, want %s's new record", rowIDs(rows), written.ID)
	}
}

// testInsightsMigration: migration 0015 run on a database of projected
// incidents (rolled back by hand to before it, then reopened as an upgraded
// back end opens it) leaves every incident dirty, so the first ticks
// project (and so backfill) each, and their readers compute them till then.
func testInsightsMigration(t *testing.T, st store.Store) {
	now := day0.Add(time.Hour)
	a := mustCreate(t, st, 1, newInc("a", day0))
	b := mustCreate(t, st, 2, newInc("b", day0))
	project(t, st, now, nil, record(a, incident.P1), record(b, incident.P2))
	if due := dueIDs(t, st, now); len(due) != 0 {
		t.Fatalf("due after the projections: %d incidents", len(due))
	}
	rawExec(t, st, `DROP TABLE incident_insights`)
	rawExec(t, st, `DELETE FROM schema_migrations WHERE version = 15`)

	upgraded := reopen(t, st)
	sameIDs(t, "after the migration", dueIDs(t, upgraded, now), a, b)
	f := store.InsightsFilter{From: day0, To: now, At: now}
	if rows, stale := insightsRows(t, upgraded, 1, f); len(rows) != 0 || !slices.Equal(stale, []string{a.ID}) {
		t.Errorf("after the migration: rows %v stale %v, want %s stale", rowIDs(rows), stale, a.ID)
	}
}
