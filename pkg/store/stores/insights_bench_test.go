package stores_test

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"sync"
	"testing"
	"time"

	"github.com/warroom/warroom-incident-app/pkg/incident"
	"github.com/warroom/warroom-incident-app/pkg/insights"
	"github.com/warroom/warroom-incident-app/pkg/insights/insightsstore"
	"github.com/warroom/warroom-incident-app/pkg/scheduler"
	"github.com/warroom/warroom-incident-app/pkg/store"
	"github.com/warroom/warroom-incident-app/pkg/store/sqlstore"
)

var insightsN = flag.Int("insights.n", 2000, "incidents BenchmarkInsightsYear seeds (about 20 events each)")

// yearStart is the first day of the benchmark's year of incidents.
var yearStart = time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC)

// BenchmarkInsightsYear measures what the Insights page costs for a year of
// an org's incidents (-insights.n of them, seeded through the store's write
// paths and projected by the scheduler): insightsstore.Rows then
// insights.Summarize ("go"), against one SQL aggregate over the stored
// records computing the same counts, medians and p90s ("sql"). It fails
// unless both give the same numbers, and reports go/sql, the price of
// measures defined once, in Go.
func BenchmarkInsightsYear(b *testing.B) {
	for _, e := range engines {
		b.Run(e.name, func(b *testing.B) {
			location := e.location(b)
			seed := benchStore(b, e.unsafe(location))
			now := seedYear(b, seed, *insightsN)
			seed.Close()
			st := benchStore(b, location)
			q := insights.Query{From: yearStart, To: yearStart.AddDate(1, 0, 0), Now: now}
			f := store.InsightsFilter{From: q.From, To: q.To, At: now}
			if _, stale, err := st.InsightsRows(b.Context(), 1, f); err != nil || len(stale) != 0 {
				b.Fatalf("%d stale records after the ticks (%v): the comparison needs them all stored", len(stale), err)
			}
			db, err := e.raw(location)
			if err != nil {
				b.Fatal(err)
			}
			defer db.Close()
			var inGo, inSQL time.Duration
			for b.Loop() {
				start := time.Now()
				rows, err := insightsstore.Rows(b.Context(), st, 1, insightsstore.Filter{From: q.From, To: q.To}, now)
				if err != nil {
					b.Fatal(err)
				}
				got := totals(insights.Summarize(rows, q).Total)
				mid := time.Now()
				want, err := sqlTotals(b.Context(), db, e.name, q)
				if err != nil {
					b.Fatal(err)
				}
				inGo, inSQL = inGo+mid.Sub(start), inSQL+time.Since(mid)
				if got != want || got.MTTA[0] == 0 || got.MTTR[0] == 0 || got.Pages == 0 {
					b.Fatalf("Summarize and SQL disagree, or measure nothing:\n  go %+v\n sql %+v", got, want)
				}
			}
			b.ReportMetric(float64(inGo.Nanoseconds())/float64(b.N), "go-ns/op")
			b.ReportMetric(float64(inSQL.Nanoseconds())/float64(b.N), "sql-ns/op")
			b.ReportMetric(float64(inGo)/float64(inSQL), "go/sql")
		})
	}
}

// figures are what both sides compute: counts, and N, median and p90 of
// MTTA (declared → acknowledged) and MTTR (impact start → resolved).
type figures struct {
	Incidents, Resolved, RespondMet, RespondBreached, Escalations, Pages int
	MTTA, MTTR                                                           [3]float64
}

func totals(g insights.Group) figures {
	return figures{Incidents: g.Incidents, Resolved: g.Resolved, RespondMet: g.Respond.Met, RespondBreached: g.Respond.Breached,
		Escalations: g.Escalations, Pages: g.Pages,
		MTTA: [3]float64{float64(g.MTTA.N), g.MTTA.Median, g.MTTA.P90},
		MTTR: [3]float64{float64(g.MTTR.N), g.MTTR.Median, g.MTTR.P90}}
}

// sqlTotals computes figures in one statement on the (org_id, declared)
// index of incident_insights, nearest rank by ROW_NUMBER as
// insights.RankIndex: ceil(p·n) is (n+1)/2 and (9n+9)/10 in integers.
func sqlTotals(ctx context.Context, db *sql.DB, engine string, q insights.Query) (figures, error) {
	secs := func(from, to string) string { // never negative, as insights' seconds
		d := `(` + to + ` - ` + from + `) / 1000000.0`
		if engine == "postgres" {
			d = `EXTRACT(EPOCH FROM ` + to + ` - ` + from + `)::float8`
		}
		return `CASE WHEN ` + to + ` > ` + from + ` THEN ` + d + ` ELSE 0 END`
	}
	ranked := func(name, from, to string) string {
		return name + ` AS (SELECT ` + secs(from, to) + ` AS s, ROW_NUMBER() OVER (ORDER BY ` + secs(from, to) + `) AS rn,
			COUNT(*) OVER () AS n FROM r WHERE ` + to + ` IS NOT NULL)`
	}
	stat := func(name string) string {
		return `(SELECT COUNT(*) FROM ` + name + `), (SELECT s FROM ` + name + ` WHERE rn = (n + 1) / 2),
			(SELECT s FROM ` + name + ` WHERE rn = (9 * n + 9) / 10)`
	}
	at := func(t time.Time) any {
		if engine == "postgres" {
			return t
		}
		return t.UnixMicro()
	}
	query := `WITH r AS (SELECT * FROM incident_insights WHERE org_id = 1 AND declared >= ? AND declared < ?),
		` + ranked("a", "declared", "acknowledged") + `, ` + ranked("m", "impact_start", "resolved") + `
		SELECT (SELECT COUNT(*) FROM r), (SELECT COUNT(resolved) FROM r),
			(SELECT COUNT(*) FROM r WHERE respond = 'met'), (SELECT COUNT(*) FROM r WHERE respond = 'breached'),
			(SELECT COALESCE(SUM(escalations), 0) FROM r), (SELECT COALESCE(SUM(pages), 0) FROM r),
			` + stat("a") + `, ` + stat("m")
	if engine == "postgres" {
		query = sqlstore.DollarParams(query)
	}
	var f figures
	var aN, mN int
	var aMed, aP90, mMed, mP90 *float64
	if err := db.QueryRowContext(ctx, query, at(q.From), at(q.To)).Scan(&f.Incidents, &f.Resolved, &f.RespondMet, &f.RespondBreached,
		&f.Escalations, &f.Pages, &aN, &aMed, &aP90, &mN, &mMed, &mP90); err != nil {
		return figures{}, err
	}
	val := func(p *float64) float64 {
		if p == nil {
			return 0
		}
		return *p
	}
	f.MTTA = [3]float64{float64(aN), val(aMed), val(aP90)}
	f.MTTR = [3]float64{float64(mN), val(mMed), val(mP90)}
	return f, nil
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
				errs[w] = seedOne(ctx, st, i, yearStart.Add(time.Duration(i)*365*24*time.Hour/time.Duration(n)).Truncate(time.Second))
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
	if i%3 == 0 {
		doc, _ := json.Marshal(map[string]any{"actionItems": []map[string]any{{"action": "a", "due": "2025-06-01"}, {"action": "b", "due": "2026-02-01", "done": true}}})
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
	resolved := incident.Resolved
	next, changes, err := incident.Apply(inc, incident.Update{Version: inc.Version, Status: &resolved}, "ada", at.Add(ack+time.Duration(i%200+5)*m))
	if err != nil {
		return err
	}
	out := make([]store.NewEvent, len(changes))
	for k, c := range changes {
		out[k] = store.NewEvent{Kind: c.Kind, Author: c.Author, At: c.At, Payload: c.Payload}
	}
	_, err = st.UpdateIncident(ctx, next, out)
	return err
}
