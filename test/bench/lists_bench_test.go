package bench

import (
	"context"
	"database/sql"
	"os"
	"strconv"
	"testing"
	"time"

	"github.com/warroom/warroom-incident-app/pkg/incident"
	"github.com/warroom/warroom-incident-app/pkg/scheduler"
	"github.com/warroom/warroom-incident-app/pkg/store"
)

// listsHistory is the hard case of issue 18: one org holding 100,000
// incidents, 10,000 of them open, spread over the whole history (2,000
// declared in the last 10 minutes). LISTS_TOTAL scales it down while
// developing.
func listsHistory() history {
	total := 100_000
	if n, err := strconv.Atoi(os.Getenv("LISTS_TOTAL")); err == nil && n > 0 {
		total = n
	}
	return history{OrgID: 1, Total: total, Open: total / 10, Recent: total / 50, At: time.Now().UTC()}
}

// BenchmarkLists compares GET /incidents and GET /timers, through
// CallResource, with the raw store call that reads the same page,
// interleaved (pair).
func BenchmarkLists(b *testing.B) {
	for _, kind := range []string{"sqlite", "postgres"} {
		b.Run(kind, func(b *testing.B) {
			e := newEnv(b, kind)
			h := listsHistory()
			seedHistory(b, kind, e.target, h)
			ctx := context.Background()
			list := func(f store.Filter) func() {
				f.WithoutPostmortem = true
				return func() {
					page, err := e.raw.ListIncidents(ctx, 1, f)
					if err != nil || len(page.Items) == 0 {
						b.Fatalf("list: %d rows, %v", len(page.Items), err)
					}
				}
			}
			api := func(path string) func() { return func() { e.call(b, "GET", path, nil, 200) } }
			// The scheduler projects every incident's timers (the first tick
			// computes all 100,000: a resolved one's post-mortem timer runs),
			// then again before each case, as a running one keeps them fresh:
			// untimed.
			sched := &scheduler.Scheduler{Store: e.raw}
			started := time.Now()
			stats, err := sched.Tick(ctx, time.Now())
			if err != nil || stats.Fired != 0 {
				b.Fatalf("first tick: %+v, %v (the seed owes no escalation)", stats, err)
			}
			// What the first tick after an upgrade costs at this history.
			b.Logf("first tick: %d incidents projected in %v", stats.Saved, time.Since(started).Round(time.Millisecond))
			if kind == "postgres" { // it updated every row: autovacuum's turn
				db, err := sql.Open("pgx", e.target)
				if err != nil {
					b.Fatal(err)
				}
				vacuum(b, db)
				db.Close()
			}
			fresh := func(b *testing.B) {
				b.StopTimer()
				if _, err := sched.Tick(ctx, time.Now()); err != nil {
					b.Fatal(err)
				}
				b.StartTimer()
			}
			b.Run("incidents-newest", func(b *testing.B) {
				fresh(b)
				pair(b, list(store.Filter{Sort: store.SortCreated, Desc: true, Limit: 50}), api("incidents"))
			})
			// The list page's default view: open incidents, P1 first, oldest first within a level.
			b.Run("incidents-open-by-severity", func(b *testing.B) {
				fresh(b)
				pair(b, list(store.Filter{Statuses: store.ActiveStatuses, Sort: store.SortSeverity, Limit: 50}),
					api("incidents?status=investigating,identified,monitoring&sort=severity&order=desc"))
			})
			b.Run("incidents-resolved-newest", func(b *testing.B) {
				fresh(b)
				pair(b, list(store.Filter{Statuses: []incident.Status{incident.Resolved}, Sort: store.SortCreated, Desc: true, Limit: 50}),
					api("incidents?status=resolved"))
			})
			b.Run("incidents-service-p1-30d", func(b *testing.B) {
				fresh(b)
				from := h.At.Add(-30 * 24 * time.Hour)
				pair(b, list(store.Filter{Severities: []incident.Severity{incident.P1}, Service: "svc-4", From: from,
					Sort: store.SortCreated, Desc: true, Limit: 50}),
					api("incidents?severity=P1&service=svc-4&from="+from.Format(time.RFC3339)))
			})
			// GET /timers against the list call of as many open incidents
			// (the baseline before issue 18) and against its own store call.
			b.Run("timers", func(b *testing.B) {
				fresh(b)
				pair(b, list(store.Filter{Statuses: store.ActiveStatuses, Sort: store.SortCreated, Desc: true, Limit: 20}), api("timers"))
			})
			b.Run("timers-vs-urgent", func(b *testing.B) {
				fresh(b)
				pair(b, func() {
					page, err := e.raw.UrgentIncidents(ctx, 1, store.UrgentQuery{Now: time.Now(), Limit: 20})
					if err != nil || len(page.Items) < 20 {
						b.Fatalf("urgent: %d rows, %v", len(page.Items), err)
					}
				}, api("timers"))
			})
		})
	}
}
