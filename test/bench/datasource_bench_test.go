package bench

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"testing"
	"time"

	"github.com/grafana/grafana-plugin-sdk-go/backend"
	_ "github.com/jackc/pgx/v5/stdlib" // the "pgx" database/sql driver, for the raw baseline

	"github.com/warroom/warroom-incident-app/internal/testenv/testpg"
	"github.com/warroom/warroom-incident-app/pkg/datasource"
	"github.com/warroom/warroom-incident-app/pkg/store"
	"github.com/warroom/warroom-incident-app/pkg/store/postgres"
	"github.com/warroom/warroom-incident-app/pkg/store/sqlite"
	"github.com/warroom/warroom-incident-app/pkg/store/sqlstore"
)

// BenchmarkDatasourceRange compares the data source's QueryData over the
// last 30 days of a year of history with the store's own SQL for that range
// run on the raw driver (rows scanned, no JSON decoded, no frame built), in
// the same process, interleaved. DS_INCIDENTS sets the history's size
// (default 2,000 so `go test ./test/bench/` stays quick; the figures in
// docs/benchmarks.md use 100000), with 20 events each.
func BenchmarkDatasourceRange(b *testing.B) {
	n := 2_000
	if v := os.Getenv("DS_INCIDENTS"); v != "" {
		var err error
		if n, err = strconv.Atoi(v); err != nil || n < 100 {
			b.Fatalf("DS_INCIDENTS=%q: want a number of incidents, at least 100", v)
		}
	}
	for _, kind := range []string{"sqlite", "postgres"} {
		b.Run(kind, func(b *testing.B) {
			e := dsEnv(b, kind, n)
			from, to := dsNow.Add(-30*24*time.Hour), dsNow
			e.explainRange(b, kind, store.During{From: from, To: to, LinksOnly: true})
			for _, c := range []struct{ name, query string }{
				{"annotations", `{"queryType":"annotations"}`},
				{"annotations-one-service", `{"queryType":"annotations","service":"svc-3"}`},
				{"table", `{"queryType":"incidents"}`},
			} {
				b.Run(c.name, func(b *testing.B) {
					q, err := datasource.ParseQuery(json.RawMessage(c.query), "")
					if err != nil {
						b.Fatal(err)
					}
					d := store.During{From: from, To: to, Service: q.Service, LinksOnly: true} // as the data source reads them
					rows, notices := e.query(b, c.query, from, to)
					b.Logf("%s; %s: %d rows, notices %q", e.seeded, c.name, rows, notices)
					pair(b, func() { e.raw(b, d, q.QueryType == datasource.QueryAnnotations) },
						func() { e.query(b, c.query, from, to) })
				})
			}
		})
	}
}

var dsNow = time.Date(2026, 12, 1, 0, 0, 0, 0, time.UTC)

// dsEnvironment is a seeded store, the data source over it and a raw
// connection to the same database.
type dsEnvironment struct {
	st *sqlstore.Store
	ds *datasource.Datasource
	db *sql.DB
	// seeded says how long seeding took.
	seeded string
}

func dsEnv(b *testing.B, kind string, n int) *dsEnvironment {
	b.Helper()
	ctx := context.Background()
	e := &dsEnvironment{}
	var err error
	var seed func() error
	switch kind {
	case "sqlite":
		path := filepath.Join(b.TempDir(), "warroom.db")
		if e.st, err = sqlite.Open(ctx, path); err == nil {
			e.db, err = sql.Open("sqlite", "file:"+path+"?_pragma=busy_timeout(10000)")
		}
		seed = func() error { return seedSQLite(ctx, e.db, n) }
	default:
		dsn := testpg.DSN(b)
		if e.st, err = postgres.Open(ctx, dsn); err == nil {
			e.db, err = sql.Open("pgx", dsn)
		}
		seed = func() error { return seedPostgres(ctx, dsn, n) }
	}
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { e.db.Close(); e.st.Close() })
	start := time.Now()
	if err := seed(); err != nil {
		b.Fatal(err)
	}
	e.seeded = fmt.Sprintf("seeded %d incidents and %d events in %v", n, n*eventsPerIncident, time.Since(start).Round(time.Millisecond))
	e.ds = datasource.NewWithStore(e.st, nil, kind, func() time.Time { return dsNow })
	return e
}

// query runs one data source query and returns its rows and notices.
func (e *dsEnvironment) query(b *testing.B, body string, from, to time.Time) (int, []string) {
	req := &backend.QueryDataRequest{PluginContext: backend.PluginContext{OrgID: 1},
		Queries: []backend.DataQuery{{RefID: "A", JSON: json.RawMessage(body), TimeRange: backend.TimeRange{From: from, To: to}}}}
	resp, err := e.ds.QueryData(context.Background(), req)
	if err != nil {
		b.Fatal(err)
	}
	dr := resp.Responses["A"]
	if dr.Error != nil {
		b.Fatal(dr.Error)
	}
	var notices []string
	if m := dr.Frames[0].Meta; m != nil {
		for _, n := range m.Notices {
			notices = append(notices, n.Text)
		}
	}
	return dr.Frames[0].Rows(), notices
}

// raw runs the store's queries for the range on the raw driver, as the
// data source issues them (rows scanned into plain values, nothing
// decoded): the table's incidents of the range; or, for annotations, pages
// of 500 of them, each followed by the range's events of that page, until
// a frame of the default limit is full, then the count of them all.
func (e *dsEnvironment) raw(b *testing.B, d store.During, annotations bool) {
	if !annotations {
		if n, _ := e.rawIncidents(b, d, store.MaxDuring); n > store.MaxDuring {
			e.rawCount(b, d)
		}
		return
	}
	shown := 0
	for {
		n, page := e.rawIncidents(b, d, store.BatchIDs)
		ids := make([]string, len(page))
		for i, p := range page {
			ids[i] = p.ID
		}
		shown += len(page) + e.rawEvents(b, ids, d)
		if shown > store.MaxDuring {
			e.rawCount(b, d)
			return
		}
		if n <= len(page) {
			return
		}
		d.After = &page[len(page)-1]
	}
}

// explainRange logs the plans of the range's queries, for
// docs/benchmarks.md: SQLite's EXPLAIN QUERY PLAN, PostgreSQL's EXPLAIN
// ANALYZE (which runs them).
func (e *dsEnvironment) explainRange(b *testing.B, kind string, d store.During) {
	explain := "EXPLAIN QUERY PLAN "
	if kind == "postgres" {
		explain = "EXPLAIN (ANALYZE, COSTS OFF) "
	}
	_, page := e.rawIncidents(b, d, store.BatchIDs)
	ids := make([]string, len(page))
	for i, p := range page {
		ids[i] = p.ID
	}
	after := d
	after.After = &page[len(page)-1]
	for _, q := range []struct {
		name string
		sql  func() (string, []any)
	}{
		{"incidents, first page of 500", func() (string, []any) { return e.st.DuringSQL(1, d, store.BatchIDs) }},
		{"incidents, next page", func() (string, []any) { return e.st.DuringSQL(1, after, store.BatchIDs) }},
		{"count", func() (string, []any) { return e.st.CountDuringSQL(1, d) }},
		{"events of the first page", func() (string, []any) {
			return e.st.EventsDuringSQL(1, ids, datasource.AnnotationKinds, d.From, d.To)
		}},
	} {
		text, args := q.sql()
		rows, err := e.db.Query(explain+text, args...)
		if err != nil {
			b.Fatal(err)
		}
		cols, _ := rows.Columns()
		plan := ""
		for rows.Next() {
			vals := make([]any, len(cols))
			ptrs := make([]any, len(cols))
			for i := range vals {
				ptrs[i] = &vals[i]
			}
			if err := rows.Scan(ptrs...); err != nil {
				b.Fatal(err)
			}
			plan += fmt.Sprintf("\n  %v", vals[len(vals)-1])
		}
		if err := rows.Close(); err != nil {
			b.Fatal(err)
		}
		if err := rows.Err(); err != nil {
			b.Fatalf("explain %s: %v", q.name, err)
		}
		b.Logf("%s plan of %s:%s", kind, q.name, plan)
	}
}

// rawIncidents reads a page and returns how many rows came (one more than
// limit when more follow) and the positions of the first limit.
func (e *dsEnvironment) rawIncidents(b *testing.B, d store.During, limit int) (int, []store.Position) {
	q, args := e.st.DuringSQL(1, d, limit)
	rows, err := e.db.Query(q, args...)
	if err != nil {
		b.Fatal(err)
	}
	defer rows.Close()
	var page []store.Position
	n := 0
	for rows.Next() {
		var (
			org, version                              int64
			id, title, sev, status, svc, sum, by, det string
			created, updated, resolved                any
		)
		if err := rows.Scan(&org, &id, &title, &sev, &status, &svc, &sum, &by, &created, &updated, &resolved, &version, &det); err != nil {
			b.Fatal(err)
		}
		if n++; n <= limit {
			page = append(page, store.Position{CreatedAt: rawTime(created), ID: id})
		}
	}
	if err := rows.Err(); err != nil {
		b.Fatal(err)
	}
	return n, page
}

// rawTime is a time column as the raw drivers give it: microseconds since
// the epoch (SQLite), a time (PostgreSQL).
func rawTime(v any) time.Time {
	if us, ok := v.(int64); ok {
		return time.UnixMicro(us).UTC()
	}
	return v.(time.Time)
}

// rawEvents reads the range's annotation events of ids and returns how many.
func (e *dsEnvironment) rawEvents(b *testing.B, ids []string, d store.During) int {
	q, args := e.st.EventsDuringSQL(1, ids, datasource.AnnotationKinds, d.From, d.To)
	rows, err := e.db.Query(q, args...)
	if err != nil {
		b.Fatal(err)
	}
	defer rows.Close()
	n := 0
	for rows.Next() {
		var (
			org, seq         int64
			id, kind, author string
			at               any
			payload          sql.NullString
		)
		if err := rows.Scan(&org, &id, &seq, &kind, &author, &at, &payload); err != nil {
			b.Fatal(err)
		}
		n++
	}
	return n
}

func (e *dsEnvironment) rawCount(b *testing.B, d store.During) {
	d.After = nil
	q, args := e.st.CountDuringSQL(1, d)
	var n int
	if err := e.db.QueryRow(q, args...).Scan(&n); err != nil {
		b.Fatal(err)
	}
}
