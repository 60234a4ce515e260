package stores_test

import (
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"net/http"
	"reflect"
	"sync"
	"testing"
	"time"

	"github.com/warroom/warroom-incident-app/pkg/api"
	"github.com/warroom/warroom-incident-app/pkg/api/apitest"
	"github.com/warroom/warroom-incident-app/pkg/incident"
	"github.com/warroom/warroom-incident-app/pkg/insights"
	"github.com/warroom/warroom-incident-app/pkg/scheduler"
	"github.com/warroom/warroom-incident-app/pkg/store"
)

var insightsN = flag.Int("insights.n", 2000, "incidents BenchmarkInsightsYear seeds (about 20 events each)")

// yearStart is the first day of the benchmark's year of incidents.
var yearStart = time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC)

// BenchmarkInsightsYear measures what the Insights page costs for a year of
// an org's incidents (-insights.n of them, about 20 events each, seeded
// through the store's write paths and projected by the scheduler): its
// default request, GET /insights?groupBy=severity&bucket=week&tz=UTC over
// the year, through the API's handler ("go": insightsstore.Rows,
// insights.Summarize, JSON), against one SQL statement over the stored
// records computing the same figures ("sql", sqlStatement). Every
// iteration requires the two reports equal figure for figure, and before
// the first the API's report must equal a brute-force recomputation from
// every incident's whole timeline (bruteForce). It reports go/sql, the
// price of measures defined once, in Go.
func BenchmarkInsightsYear(b *testing.B) {
	for _, e := range engines {
		b.Run(e.name, func(b *testing.B) {
			location := e.location(b)
			seed := benchStore(b, e.unsafe(location))
			began := time.Now()
			now := seedYear(b, seed, *insightsN)
			b.Logf("seeded and projected %d incidents in %s", *insightsN, time.Since(began).Round(time.Second))
			seed.Close()
			st := benchStore(b, location)
			db, err := e.raw(location)
			if err != nil {
				b.Fatal(err)
			}
			defer db.Close()
			if e.name == "postgres" { // what autovacuum would have done after the load
				if _, err := db.ExecContext(b.Context(), `VACUUM ANALYZE`); err != nil {
					b.Fatal(err)
				}
			}
			q := insights.Query{From: yearStart, To: yearStart.AddDate(1, 0, 0), GroupBy: insights.BySeverity, Bucket: insights.Week,
				Zone: time.UTC, Now: now}
			f := store.InsightsFilter{From: q.From, To: q.To, At: now}
			if _, stale, err := st.InsightsRows(b.Context(), 1, f); err != nil || len(stale) != 0 {
				b.Fatalf("%d stale records after the ticks (%v): the comparison needs them all stored", len(stale), err)
			}
			srv := apitest.Over(st, func(a *api.API) { a.Now = func() time.Time { return now } })
			path := "/insights?from=" + q.From.Format(time.RFC3339) + "&to=" + q.To.Format(time.RFC3339) + "&groupBy=severity&bucket=week&tz=UTC"
			began = time.Now()
			rows, events := bruteForce(b, st, now)
			brute := insights.Summarize(rows, q)
			b.Logf("recomputed %d incidents from their %d events in %s", len(rows), events, time.Since(began).Round(time.Second))
			if got := insightsPage(b, srv, path); !reflect.DeepEqual(got, brute) {
				b.Fatalf("GET /insights and the brute-force recomputation disagree:\n%s", firstDiff(got, brute))
			}
			if t := brute.Total; t.Incidents != *insightsN || t.MTTA.N == 0 || t.MTTM.N == 0 || t.MTTR.N == 0 || t.Reopened == 0 ||
				t.Pages == 0 || t.ActionItemsOverdue == 0 || t.ActionItemsOverdue == t.ActionItemsOpen || t.Respond.Breached == 0 || t.Updates.Met == 0 {
				b.Fatalf("the history measures too little: %+v", t)
			}
			// Prepared once: parsing its 50 CASEs is no part of the aggregate.
			statement, err := db.PrepareContext(b.Context(), sqlBaseline(e.name))
			if err != nil {
				b.Fatal(err)
			}
			defer statement.Close()
			var inGo, inSQL time.Duration
			for b.Loop() {
				start := time.Now()
				r := srv.Call(b, apitest.Viewer, "GET", path, "")
				mid := time.Now()
				answer, err := sqlQuery(b.Context(), statement, e.name, q)
				inGo, inSQL = inGo+mid.Sub(start), inSQL+time.Since(mid)
				if err != nil {
					b.Fatal(err)
				}
				got := decodeReport(b, path, r)
				want, err := answer.report(got.Series)
				if err != nil || !reflect.DeepEqual(got, want) {
					b.Fatalf("GET /insights and SQL disagree (%v):\n%s", err, firstDiff(got, want))
				}
			}
			b.ReportMetric(float64(inGo.Nanoseconds())/float64(b.N), "go-ns/op")
			b.ReportMetric(float64(inSQL.Nanoseconds())/float64(b.N), "sql-ns/op")
			b.ReportMetric(float64(inGo)/float64(inSQL), "go/sql")
		})
	}
}

// insightsPage asks the API for path as a Viewer (the page's request).
func insightsPage(b *testing.B, srv *apitest.Server, path string) insights.Report {
	return decodeReport(b, path, srv.Call(b, apitest.Viewer, "GET", path, ""))
}

func decodeReport(b *testing.B, path string, r apitest.Response) insights.Report {
	var rep insights.Report
	if r.Status != http.StatusOK || json.Unmarshal(r.Body, &rep) != nil {
		b.Fatalf("GET %s: %d %.300s", path, r.Status, r.Body)
	}
	return rep
}

// firstDiff names the first group of two reports that differ.
func firstDiff(got, want insights.Report) string {
	if got.Total != want.Total {
		return fmt.Sprintf("total\n got %+v\nwant %+v", got.Total, want.Total)
	}
	if len(got.Groups) != len(want.Groups) || len(got.Series) != len(want.Series) {
		return fmt.Sprintf("%d groups and %d weeks, want %d and %d", len(got.Groups), len(got.Series), len(want.Groups), len(want.Series))
	}
	for i := range got.Groups {
		if got.Groups[i] != want.Groups[i] {
			return fmt.Sprintf("group %d\n got %+v\nwant %+v", i, got.Groups[i], want.Groups[i])
		}
	}
	for i := range got.Series {
		if !got.Series[i].Start.Equal(want.Series[i].Start) || got.Series[i].Group != want.Series[i].Group {
			return fmt.Sprintf("week %d\n got %+v\nwant %+v", i, got.Series[i], want.Series[i])
		}
	}
	return "equal groups, different representations (time zones?)"
}

// seedYear declares n incidents over yearStart's year in org 1, each with
// about 20 events, nine in ten resolved, through the store's write paths
// (8 writers), then ticks the scheduler until every one is projected. It
// returns the time of the last tick. Times are whole seconds, so seconds
// are exact on both sides.
func seedYear(b *testing.B, st store.Store, n int) time.Time {
	b.Helper()
	ctx := b.Context()
	errs := make([]error, 8)
	var wg sync.WaitGroup
	for w := range 8 {
		wg.Go(func() {
			for i := w; i < n && errs[w] == nil; i += 8 {
				errs[w] = seedOne(ctx, st, i, yearStart.Add(time.Duration(i)*(365*24*time.Hour/time.Duration(n))).Truncate(time.Second))
			}
		})
	}
	wg.Wait()
	if err := errors.Join(errs...); err != nil {
		b.Fatalf("seed: %v", err)
	}
	now := yearStart.AddDate(1, 0, 0)
	s := &scheduler.Scheduler{Store: st}
	for round := 0; ; round++ {
		// A tick's own firings make their incidents dirty (the record counts
		// escalations): the next tick projects them again.
		if _, err := s.Tick(ctx, now); err != nil {
			b.Fatal(err)
		}
		due, err := st.DueIncidents(ctx, now, store.Cursor{}, 1)
		if err != nil {
			b.Fatal(err)
		}
		if len(due) == 0 {
			return now
		}
		if round == 5 {
			b.Fatalf("still due after %d ticks", round+1)
		}
		now = now.Add(time.Second)
	}
}

// seedOne writes incident i: acknowledged, half of them mitigated (the
// step), a third with a post-mortem of two action items, one done, the
// other overdue at the end of the year for half of them; nine in
// ten resolved, of which one in twenty after a reopening, one in
// twenty-five raised to P1 as it is resolved.
func seedOne(ctx context.Context, st store.Store, i int, at time.Time) error {
	m := time.Minute
	ev := func(kind incident.EventKind, d time.Duration, payload any) store.NewEvent {
		e := store.NewEvent{Kind: kind, Author: "ada", At: at.Add(d)}
		if payload != nil {
			e.Payload = incident.PayloadMap(payload)
		}
		return e
	}
	sev := incident.Severities[i%4]
	ack := time.Duration(i%40+1) * m
	d := incident.Details{PolicyVersion: 1, Impact: &incident.Impact{Start: at.Add(-time.Duration(i%30) * m), From: insights.FromMetrics},
		Steps: map[incident.StepName]incident.StepMark{"acknowledge": {At: at.Add(ack), By: "ada"}}}.Normalize()
	if i%2 == 0 {
		d.Steps["mitigate"] = incident.StepMark{At: at.Add(ack + time.Duration(i%50+1)*m), By: "ada"}
	}
	if i%3 == 0 {
		doc, _ := json.Marshal(map[string]any{"actionItems": []map[string]any{{"action": "a", "due": []string{"2025-06-01", "2026-03-01"}[i%2]},
			{"action": "b", "due": "2025-12-01", "done": true}}})
		d.Postmortem = doc
	}
	evs := []store.NewEvent{ev(incident.EventDeclared, 0, nil)}
	for k := range 10 {
		evs = append(evs, ev(incident.EventStatusUpdate, time.Duration(k*20+10)*m, incident.StatusUpdatePayload{Subject: "s", Body: "b"}))
	}
	for k := range 3 {
		evs = append(evs, ev(incident.EventEscalation, time.Duration(k*30)*m, incident.EscalationPayload{Key: fmt.Sprint("seed:", k),
			Firing: "tier", Paged: []incident.PagedRecipient{{Login: "ada", Via: []string{"sms", "email"}}}}))
	}
	for k := range 4 {
		evs = append(evs, ev(incident.EventNote, time.Duration(k*15)*m, incident.NotePayload{Text: "looking"}))
	}
	inc, err := st.CreateIncident(ctx, 1, store.NewIncident{Title: fmt.Sprint("incident ", i), Severity: sev, Status: incident.Investigating,
		Services: []string{[]string{"api", "db", "web"}[i%3]}, Author: "ada", At: at, Details: d}, evs)
	if err != nil || i%10 == 9 {
		return err
	}
	resolved, investigating, p1 := incident.Resolved, incident.Investigating, incident.P1
	resolve := incident.Update{Status: &resolved}
	if i%25 == 7 && sev != p1 {
		resolve.Severity = &p1
	}
	steps := []incident.Update{resolve}
	if i%20 == 4 {
		steps = append(steps, incident.Update{Status: &investigating, Reason: "back"}, incident.Update{Status: &resolved})
	}
	when := at.Add(ack + time.Duration(i%200+5)*m)
	for _, u := range steps {
		u.Version = inc.Version
		next, changes, err := incident.Apply(inc, u, "ada", when)
		if err != nil {
			return err
		}
		out := make([]store.NewEvent, len(changes))
		for k, c := range changes {
			out[k] = store.NewEvent{Kind: c.Kind, Author: c.Author, At: c.At, Payload: c.Payload}
		}
		if inc, err = st.UpdateIncident(ctx, next, out); err != nil {
			return err
		}
		when = when.Add(time.Duration(i%60+1) * m)
	}
	return nil
}
