package insights

import (
	"reflect"
	"testing"
	"time"

	"github.com/warroom/warroom-incident-app/pkg/incident"
)

func TestStatNearestRank(t *testing.T) {
	for _, c := range []struct {
		in   []float64
		want Stat
	}{
		{nil, Stat{}},
		{[]float64{7}, Stat{N: 1, Mean: 7, Median: 7, P90: 7}},
		{[]float64{4, 1, 3, 2}, Stat{N: 4, Mean: 2.5, Median: 2, P90: 4}},
		{[]float64{10, 9, 8, 7, 6, 5, 4, 3, 2, 1}, Stat{N: 10, Mean: 5.5, Median: 5, P90: 9}},
		{[]float64{1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 100}, Stat{N: 11, Mean: 110.0 / 11, Median: 1, P90: 1}},
	} {
		if got := statOf(c.in); got != c.want {
			t.Errorf("statOf(%v) = %+v; want %+v", c.in, got, c.want)
		}
	}
}

// Three incidents by hand: a P1 of api and db (impact 20 min before
// declaring, acknowledged in 5, mitigated 40 min after impact, resolved
// 60, one tier fired paging one person by two methods), a P2 of api
// (declared at impact, acknowledged in 15, resolved in 120), a P3 of web
// resolved after an hour and reopened an hour later, open since (never
// acknowledged).
func fixture(t *testing.T) []Row {
	now := t0.Add(5 * hrs)
	p1 := declare(t, "INC-1", t0, incident.P1, "api", "db").impact(t0.Add(-20*mins), FromMetrics).
		steps(5*mins, "acknowledge").update(10*mins).update(20*mins).update(30*mins).steps(20*mins, "mitigate").status(40*mins, incident.Resolved)
	p2 := declare(t, "INC-2", t0.Add(hrs), incident.P2, "api").steps(15*mins, "acknowledge").update(25*mins).
		update(50*mins).update(75*mins).update(100*mins).status(120*mins, incident.Resolved)
	p1.add(incident.NewEvent(incident.EventEscalation, "warroom", t0.Add(15*mins), incident.EscalationPayload{Key: "tier:P1:1",
		Paged: []incident.PagedRecipient{{Login: "bob", Via: []string{"email", "webhook"}}}}))
	p3 := declare(t, "INC-3", t0.Add(2*hrs), incident.P3, "web").status(hrs, incident.Resolved).status(2*hrs, incident.Investigating)
	return []Row{p1.row(now), p2.row(now), p3.row(now)}
}

func TestSummarizeBySeverity(t *testing.T) {
	q := Query{From: t0.Add(-hrs), To: t0.Add(24 * hrs), GroupBy: BySeverity, Now: t0.Add(5 * hrs)}
	rep := Summarize(fixture(t), q)
	tot := rep.Total
	if tot.Incidents != 3 || tot.Open != 1 || tot.Resolved != 2 || tot.Reopened != 1 {
		t.Fatalf("counts %d/%d/%d/%d; want 3 incidents, 1 open, 2 resolved, 1 reopened", tot.Incidents, tot.Open, tot.Resolved, tot.Reopened)
	}
	if tot.Escalations != 1 || tot.Pages != 2 || tot.EscalationsPerIncident != 1.0/3 || tot.PagesPerIncident != 2.0/3 {
		t.Fatalf("escalations %d (%v each), pages %d (%v each); want 1 and 2 over 3 incidents",
			tot.Escalations, tot.EscalationsPerIncident, tot.Pages, tot.PagesPerIncident)
	}
	// The reopened P3 is open again: it resolves by its 24 h, not yet due.
	if want := (Compliance{Met: 2, Pending: 1}); tot.Resolve != want {
		t.Errorf("resolve %+v; want %+v", tot.Resolve, want)
	}
	// MTTD: 1200 s (P1), 0 (P2), 0 (P3); MTTA 300, 900; MTTM 2400; MTTR 3600, 7200.
	if want := (Stat{N: 3, Mean: 400, Median: 0, P90: 1200}); tot.MTTD != want {
		t.Errorf("MTTD %+v; want %+v", tot.MTTD, want)
	}
	if want := (Stat{N: 2, Mean: 600, Median: 300, P90: 900}); tot.MTTA != want {
		t.Errorf("MTTA %+v; want %+v", tot.MTTA, want)
	}
	if want := (Stat{N: 1, Mean: 2400, Median: 2400, P90: 2400}); tot.MTTM != want {
		t.Errorf("MTTM %+v; want %+v", tot.MTTM, want)
	}
	if want := (Stat{N: 2, Mean: 5400, Median: 3600, P90: 7200}); tot.MTTR != want {
		t.Errorf("MTTR %+v; want %+v", tot.MTTR, want)
	}
	// The P3 is open past its respond-by (2 h).
	if want := (Compliance{Met: 2, Breached: 1}); tot.Respond != want {
		t.Errorf("respond %+v; want %+v", tot.Respond, want)
	}
	if want := (Compliance{Met: 2}); tot.Updates != want {
		t.Errorf("updates %+v; want %+v (P3 has no cadence)", tot.Updates, want)
	}
	if want := (Compliance{Pending: 2}); tot.Postmortem != want {
		t.Errorf("post-mortems %+v; want %+v", tot.Postmortem, want)
	}
	var keys []string
	for _, g := range rep.Groups {
		keys = append(keys, g.Key)
	}
	if !reflect.DeepEqual(keys, []string{"P1", "P2", "P3"}) || rep.Groups[1].MTTA.Median != 900 {
		t.Fatalf("groups %v (P2 MTTA %v); want P1, P2, P3 with P2's 900 s", keys, rep.Groups[1].MTTA)
	}
	if len(rep.Series) != 0 {
		t.Fatalf("series without a bucket: %v", rep.Series)
	}
}

// An incident of two services counts in both groups; a service filter
// keeps the incidents naming it and only that service's group.
func TestSummarizeByService(t *testing.T) {
	rows := fixture(t)
	q := Query{From: t0.Add(-hrs), To: t0.Add(24 * hrs), GroupBy: ByService, Now: t0}
	rep := Summarize(rows, q)
	got := map[string]int{}
	for _, g := range rep.Groups {
		got[g.Key] = g.Incidents
	}
	if want := map[string]int{"api": 2, "db": 1, "web": 1}; !reflect.DeepEqual(got, want) {
		t.Fatalf("by service %v; want %v", got, want)
	}
	q.Services = []string{"db"}
	rep = Summarize(rows, q)
	if rep.Total.Incidents != 1 || len(rep.Groups) != 1 || rep.Groups[0].Key != "db" {
		t.Fatalf("filtered to db: total %d groups %+v; want INC-1 alone in db", rep.Total.Incidents, rep.Groups)
	}
	q.Services, q.Severities = nil, []incident.Severity{incident.P2, incident.P3}
	if rep = Summarize(rows, q); rep.Total.Incidents != 2 {
		t.Fatalf("P2 and P3: %d incidents; want 2", rep.Total.Incidents)
	}
}

// An incident counts in the month it was declared in the query's zone:
// 23:30 UTC on 31 January is 00:30 on 1 February in Berlin.
func TestSeriesMonthBoundaryByZone(t *testing.T) {
	at := time.Date(2026, 1, 31, 23, 30, 0, 0, time.UTC)
	row := declare(t, "INC-1", at, incident.P3, "api").status(90*mins, incident.Resolved).row(at.Add(2 * hrs))
	berlin, _ := time.LoadLocation("Europe/Berlin")
	for _, c := range []struct {
		zone *time.Location
		want []int
	}{{time.UTC, []int{1, 0}}, {berlin, []int{0, 1}}} {
		from, to := time.Date(2026, 1, 1, 0, 0, 0, 0, c.zone), time.Date(2026, 3, 1, 0, 0, 0, 0, c.zone)
		rep := Summarize([]Row{row}, Query{From: from, To: to, Bucket: Month, Zone: c.zone, Now: to})
		var got []int
		for _, p := range rep.Series {
			got = append(got, p.Incidents)
		}
		if !reflect.DeepEqual(got, c.want) || rep.Series[1].Start.Month() != time.February {
			t.Errorf("%s: per month %v; want %v", c.zone, got, c.want)
		}
	}
}

// Weeks start on Monday at local midnight, so the week of the spring DST
// change in Berlin is 167 hours long; an incident across the change lasts
// the hour that passed, not the two the wall clock shows.
func TestSeriesWeeksAcrossDST(t *testing.T) {
	berlin, _ := time.LoadLocation("Europe/Berlin")
	declared := time.Date(2026, 3, 29, 1, 30, 0, 0, berlin) // 00:30 UTC; clocks go 02:00 → 03:00
	row := declare(t, "INC-1", declared, incident.P3).status(hrs, incident.Resolved).row(declared.Add(2 * hrs))
	if got := row.Resolved.In(berlin).Format("15:04"); got != "03:30" {
		t.Fatalf("resolved at %s local; want 03:30", got)
	}
	from, to := time.Date(2026, 3, 16, 0, 0, 0, 0, berlin), time.Date(2026, 4, 6, 0, 0, 0, 0, berlin)
	rep := Summarize([]Row{row}, Query{From: from, To: to, Bucket: Week, Zone: berlin, Now: to})
	if len(rep.Series) != 3 {
		t.Fatalf("%d weeks; want 3", len(rep.Series))
	}
	week := rep.Series[1]
	if got := rep.Series[2].Start.Sub(week.Start); got != 167*hrs {
		t.Fatalf("the DST week lasts %v; want 167h", got)
	}
	if week.Incidents != 1 || week.MTTR.Median != 3600 || !week.Start.Equal(time.Date(2026, 3, 23, 0, 0, 0, 0, berlin)) {
		t.Fatalf("week %v: %d incidents MTTR %v; want 1 lasting 3600 s in the week of 23 March", week.Start, week.Incidents, week.MTTR)
	}
}

func TestSummarizeActionItemsOverdue(t *testing.T) {
	r := Row{Record: Record{Declared: t0, ImpactStart: t0, Detected: t0, ActionItems: 3,
		OpenDue: []string{"2026-03-14", "2026-03-15", "2026-04-01"}}}
	now := time.Date(2026, 3, 15, 12, 0, 0, 0, time.UTC)
	g := Summarize([]Row{r}, Query{From: t0, To: now, Now: now}).Total
	if g.ActionItems != 3 || g.ActionItemsOpen != 3 || g.ActionItemsOverdue != 1 {
		t.Fatalf("action items %d open %d overdue %d; want 3, 3, 1 (due today is not overdue)",
			g.ActionItems, g.ActionItemsOpen, g.ActionItemsOverdue)
	}
}

// Incidents outside the range are left out; To is exclusive.
func TestSummarizeRange(t *testing.T) {
	rows := fixture(t)
	rep := Summarize(rows, Query{From: t0.Add(hrs), To: t0.Add(2 * hrs), Now: t0})
	if rep.Total.Incidents != 1 {
		t.Fatalf("%d incidents in [+1h, +2h); want INC-2 alone", rep.Total.Incidents)
	}
}
