package bench

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"sync"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/warroom/warroom-incident-app/internal/testenv/testpg"
	"github.com/warroom/warroom-incident-app/pkg/incident"
	"github.com/warroom/warroom-incident-app/pkg/plugin"
	"github.com/warroom/warroom-incident-app/pkg/scheduler"
	"github.com/warroom/warroom-incident-app/pkg/store"
	"github.com/warroom/warroom-incident-app/pkg/store/postgres"
	"github.com/warroom/warroom-incident-app/pkg/store/sqlite"
)

// BenchmarkSchedulerTick compares scheduler ticks over 10,000 open
// incidents (of 10 orgs) with one indexed query that only reads those
// incidents' rows, in the same process, interleaved. The incidents were
// declared in the last 10 minutes, so a tick owes nothing. Each iteration:
//   - query: the baseline;
//   - load: the reading of a tick when every incident is dirty (every
//     DueIncidents page with its timer events), as after the upgrade that
//     adds the projection;
//   - first: that tick (read, compute, save 10,000 projections), a one-off;
//   - next: the tick one second after it, which reads what is due (nothing
//     here) right after 10,000 rows were rewritten: on PostgreSQL it steps
//     over their dead index entries once;
//   - tick: the steady state, one more second later, once PostgreSQL's
//     VACUUM ANALYZE ran (as autovacuum does after such a burst): what
//     every instance pays each period when nothing is due.
//
// Before each load the projections are cleared with one raw UPDATE, and
// the VACUUM runs between next and tick (neither timed).
func BenchmarkSchedulerTick(b *testing.B) {
	for _, kind := range []string{"sqlite", "postgres"} {
		b.Run(kind, func(b *testing.B) {
			env := tickEnv(b, kind)
			st := env.st
			s := &scheduler.Scheduler{Store: st}
			now := tickNow
			var base, load, first, next, tick []time.Duration
			for b.Loop() {
				t := time.Now()
				if n := env.query(); n != seeded {
					b.Fatalf("query read %d open incidents, want %d", n, seeded)
				}
				base = append(base, time.Since(t))
				env.dirtyAll()
				t = time.Now()
				if n := loadDue(b, st, now); n != seeded {
					b.Fatalf("loaded %d due incidents, want %d", n, seeded)
				}
				load = append(load, time.Since(t))
				t = time.Now()
				stats, err := s.Tick(context.Background(), now)
				if err != nil || stats.Incidents != seeded || stats.Saved != seeded || stats.Fired != 0 {
					b.Fatalf("first tick %+v %v", stats, err)
				}
				first = append(first, time.Since(t))
				steady := func() time.Duration {
					now = now.Add(scheduler.DefaultTickEvery)
					t := time.Now()
					stats, err := s.Tick(context.Background(), now)
					if err != nil || stats.Incidents != 0 {
						b.Fatalf("steady tick %+v %v", stats, err)
					}
					return time.Since(t)
				}
				next = append(next, steady())
				if env.vacuum != nil {
					env.vacuum()
				}
				tick = append(tick, steady())
			}
			q50 := median(base)
			b.ReportMetric(ms(q50), "query-p50-ms")
			b.ReportMetric(ms(median(load)), "load-p50-ms")
			b.ReportMetric(ms(median(first)), "first-p50-ms")
			b.ReportMetric(ms(median(next)), "next-p50-ms")
			b.ReportMetric(ms(median(tick)), "tick-p50-ms")
			b.ReportMetric(float64(median(first))/float64(q50), "first/query")
			b.ReportMetric(float64(median(tick))/float64(q50), "tick/query")
		})
	}
}

// loadDue is the first tick's reading alone: every page of due incidents
// with their timer events, as Tick reads them.
func loadDue(b *testing.B, st store.Store, now time.Time) int {
	n := 0
	var cur store.Cursor
	for {
		page, err := st.DueIncidents(context.Background(), now, cur, 500)
		if err != nil {
			b.Fatal(err)
		}
		n += len(page)
		if len(page) < 500 {
			return n
		}
		last := page[len(page)-1].Incident
		cur = store.Cursor{OrgID: last.OrgID, ID: last.ID}
	}
}

// The API benchmarks measure request paths: a scheduler firing for their
// 10,000 seeded incidents in the background would skew them. The tick
// benchmark drives its own Scheduler.
func init() { _ = os.Setenv(plugin.EnvPluginScheduler, "off") }

var tickNow = time.Date(2026, 11, 2, 12, 0, 0, 0, time.UTC)

func median(d []time.Duration) time.Duration {
	s := append([]time.Duration(nil), d...)
	sort.Slice(s, func(i, j int) bool { return s[i] < s[j] })
	return s[len(s)/2]
}

const openQuery = `SELECT org_id, id, severity, status, created_at, version, details FROM incidents
	WHERE status <> 'resolved' ORDER BY org_id, id`

// tickBench is a store seeded with 10,000 open P2 incidents, the baseline
// query (which returns how many rows it read) and a raw write that makes
// every projection dirty.
type tickBench struct {
	st       store.Store
	query    func() int
	dirtyAll func()
	// vacuum, where the engine needs it (PostgreSQL), does what autovacuum
	// does after a burst of updates: drops dead row versions and renews
	// the planner's statistics.
	vacuum func()
}

const dirtyAllSQL = `UPDATE incidents SET next_due_at = NULL, proj_epoch = proj_epoch + 1`

func tickEnv(b *testing.B, kind string) tickBench {
	b.Helper()
	ctx := context.Background()
	var env tickBench
	switch kind {
	case "sqlite":
		path := filepath.Join(b.TempDir(), "warroom.db")
		s, err := sqlite.Open(ctx, path)
		if err != nil {
			b.Fatal(err)
		}
		db, err := sql.Open("sqlite", "file:"+path+"?_pragma=query_only(1)")
		if err != nil {
			b.Fatal(err)
		}
		b.Cleanup(func() { db.Close() })
		rw, err := sql.Open("sqlite", "file:"+path+"?_pragma=busy_timeout(10000)")
		if err != nil {
			b.Fatal(err)
		}
		b.Cleanup(func() { rw.Close() })
		env = tickBench{st: s, query: func() int {
			rows, err := db.Query(openQuery)
			if err != nil {
				b.Fatal(err)
			}
			return scanAll(b, rows)
		}, dirtyAll: func() {
			if _, err := rw.Exec(dirtyAllSQL); err != nil {
				b.Fatal(err)
			}
		}}
	default:
		dsn := testpg.DSN(b)
		s, err := postgres.Open(ctx, dsn)
		if err != nil {
			b.Fatal(err)
		}
		conn, err := pgx.Connect(ctx, dsn)
		if err != nil {
			b.Fatal(err)
		}
		b.Cleanup(func() { conn.Close(ctx) })
		env = tickBench{st: s, query: func() int {
			rows, err := conn.Query(ctx, openQuery)
			if err != nil {
				b.Fatal(err)
			}
			defer rows.Close()
			n := 0
			for rows.Next() {
				var (
					org, version    int64
					id, sev, status string
					created         time.Time
					details         []byte
				)
				if err := rows.Scan(&org, &id, &sev, &status, &created, &version, &details); err != nil {
					b.Fatal(err)
				}
				n++
			}
			return n
		}, dirtyAll: func() {
			if _, err := conn.Exec(ctx, dirtyAllSQL); err != nil {
				b.Fatal(err)
			}
		}, vacuum: func() {
			if _, err := conn.Exec(ctx, `VACUUM ANALYZE incidents`); err != nil {
				b.Fatal(err)
			}
		}}
	}
	b.Cleanup(func() { env.st.Close() })
	seedRecent(b, env.st, seeded, tickNow.Add(-10*time.Minute), 60*time.Millisecond)
	return env
}

// seedRecent declares n open P2 incidents of 10 orgs, one every step from
// start, from 4 writers (PostgreSQL takes them side by side).
func seedRecent(b *testing.B, st store.Store, n int, start time.Time, step time.Duration) {
	b.Helper()
	errs := make([]error, 4)
	var wg sync.WaitGroup
	for w := range errs {
		wg.Go(func() {
			for i := w; i < n && errs[w] == nil; i += len(errs) {
				at := start.Add(time.Duration(i) * step)
				_, errs[w] = st.CreateIncident(context.Background(), int64(1+i%10), store.NewIncident{Title: fmt.Sprintf("bench %d", i), Severity: incident.P2,
					Status: incident.Investigating, Services: []string{"api"}, Author: "bench", At: at,
					Details: incident.Details{Checklist: incident.DefaultChecklist()}.Normalize()},
					[]store.NewEvent{{Kind: incident.EventDeclared, Author: "bench", At: at, Payload: map[string]any{"severity": "P2"}}})
			}
		})
	}
	wg.Wait()
	if err := errors.Join(errs...); err != nil {
		b.Fatal(err)
	}
}

func scanAll(b *testing.B, rows *sql.Rows) int {
	defer rows.Close()
	n := 0
	for rows.Next() {
		var (
			org, created, version int64
			id, sev, status       string
			details               string
		)
		if err := rows.Scan(&org, &id, &sev, &status, &created, &version, &details); err != nil {
			b.Fatal(err)
		}
		n++
	}
	return n
}
