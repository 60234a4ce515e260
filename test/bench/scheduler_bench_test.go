package bench

import (
	"context"
	"database/sql"
	"fmt"
	"os"
	"path/filepath"
	"sort"
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

// BenchmarkSchedulerTick compares one scheduler tick over 10,000 open
// incidents (of 10 orgs) with one indexed query that only reads those
// incidents' rows, in the same process, interleaved. The incidents were
// declared in the last 10 minutes, so a tick owes nothing: this is the
// steady state every instance pays each period (reading incidents and
// timelines, computing every timer), not the cost of firing.
func BenchmarkSchedulerTick(b *testing.B) {
	for _, kind := range []string{"sqlite", "postgres"} {
		b.Run(kind, func(b *testing.B) {
			st, query := tickEnv(b, kind)
			s := &scheduler.Scheduler{Store: st}
			now := tickNow
			var base, load, tick []time.Duration
			for b.Loop() {
				t := time.Now()
				if n := query(); n != seeded {
					b.Fatalf("query read %d open incidents, want %d", n, seeded)
				}
				base = append(base, time.Since(t))
				t = time.Now()
				if n := loadOpen(b, st); n != seeded {
					b.Fatalf("loaded %d open incidents, want %d", n, seeded)
				}
				load = append(load, time.Since(t))
				t = time.Now()
				stats, err := s.Tick(context.Background(), now)
				if err != nil || stats.Incidents != seeded || stats.Fired != 0 {
					b.Fatalf("tick %+v %v", stats, err)
				}
				tick = append(tick, time.Since(t))
			}
			q50, t50 := median(base), median(tick)
			b.ReportMetric(float64(q50.Microseconds())/1000, "query-p50-ms")
			b.ReportMetric(float64(median(load).Microseconds())/1000, "load-p50-ms")
			b.ReportMetric(float64(t50.Microseconds())/1000, "tick-p50-ms")
			b.ReportMetric(float64(t50)/float64(q50), "tick/query")
		})
	}
}

// loadOpen is the tick's reading alone: every page of open incidents with
// their timelines, as Tick reads them.
func loadOpen(b *testing.B, st store.Store) int {
	n := 0
	var cur store.Cursor
	for {
		page, err := st.DueIncidents(context.Background(), store.NeverDue, cur, 500)
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

// tickEnv seeds 10,000 open P2 incidents and returns the store and the
// baseline query (which returns how many rows it read).
func tickEnv(b *testing.B, kind string) (store.Store, func() int) {
	b.Helper()
	ctx := context.Background()
	var st store.Store
	var query func() int
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
		st, query = s, func() int {
			rows, err := db.Query(openQuery)
			if err != nil {
				b.Fatal(err)
			}
			return scanAll(b, rows)
		}
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
		st, query = s, func() int {
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
		}
	}
	b.Cleanup(func() { st.Close() })
	start := tickNow.Add(-10 * time.Minute)
	for i := range seeded {
		at := start.Add(time.Duration(i) * 60 * time.Millisecond)
		_, err := st.CreateIncident(ctx, int64(1+i%10), store.NewIncident{Title: fmt.Sprintf("bench %d", i), Severity: incident.P2,
			Status: incident.Investigating, Services: []string{"api"}, Author: "bench", At: at,
			Details: incident.Details{Checklist: incident.DefaultChecklist()}.Normalize()},
			[]store.NewEvent{{Kind: incident.EventDeclared, Author: "bench", At: at, Payload: map[string]any{"severity": "P2"}}})
		if err != nil {
			b.Fatal(err)
		}
	}
	return st, query
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
