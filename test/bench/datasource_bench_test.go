package bench

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/grafana/grafana-plugin-sdk-go/backend"
	_ "github.com/jackc/pgx/v5/stdlib" // the "pgx" database/sql driver, for the raw baseline

	"github.com/warroom/warroom-incident-app/internal/testenv/testpg"
	"github.com/warroom/warroom-incident-app/pkg/datasource"
	"github.com/warroom/warroom-incident-app/pkg/incident"
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
			e.explainRange(b, kind, store.During{From: from, To: to})
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
					d := store.During{From: from, To: to, Service: q.Service}
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
	var at func(time.Time) any
	rebind := func(q string) string { return q }
	switch kind {
	case "sqlite":
		path := filepath.Join(b.TempDir(), "warroom.db")
		if e.st, err = sqlite.Open(ctx, path); err == nil {
			e.db, err = sql.Open("sqlite", "file:"+path+"?_pragma=busy_timeout(10000)")
		}
		at = func(t time.Time) any { return t.UnixMicro() }
	default:
		dsn := testpg.DSN(b)
		if e.st, err = postgres.Open(ctx, dsn); err == nil {
			e.db, err = sql.Open("pgx", dsn)
		}
		at = func(t time.Time) any { return t }
		rebind = sqlstore.DollarParams
	}
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { e.db.Close(); e.st.Close() })
	start := time.Now()
	if err := seedHistory(ctx, e.db, rebind, at, n); err != nil {
		b.Fatal(err)
	}
	if kind == "postgres" {
		// What autovacuum would have done for a database of this size.
		if _, err := e.db.Exec(`ANALYZE`); err != nil {
			b.Fatal(err)
		}
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
		rows.Close()
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

const eventsPerIncident = 20

// history is one incident's 20 events: 9 become annotations (declared,
// acknowledged, severity changed, three status updates, diagnostics run,
// mitigated, resolved), the rest are the notes, alerts, deliveries and
// checklist ticks a real timeline carries.
var history = []struct {
	kind    incident.EventKind
	payload string
}{
	{incident.EventDeclared, `{"severity":"P3"}`}, {incident.EventAlertFiring, `{"alertname":"HighErrorRate"}`},
	{incident.EventNotificationDelivered, `{"channel":"slack"}`}, {incident.EventStepCompleted, `{"step":"acknowledge"}`},
	{incident.EventNote, `{"text":"looking at the dashboards"}`}, {incident.EventSeverityChanged, `{"from":"P3","to":"P2","reason":"customers affected"}`},
	{incident.EventStatusUpdate, `{"subject":"Investigating","body":"We see errors on checkout."}`}, {incident.EventNote, `{"text":"rollback started"}`},
	{incident.EventChecklist, `{"id":"ticket"}`}, {incident.EventNotificationDelivered, `{"channel":"email"}`},
	{incident.EventDiagnosticsRun, `{}`}, {incident.EventNote, `{"text":"db latency normal"}`},
	{incident.EventStatusUpdate, `{"subject":"Identified","body":"A bad deploy."}`}, {incident.EventStepCompleted, `{"step":"mitigate"}`},
	{incident.EventNote, `{"text":"error rate down"}`}, {incident.EventAlertResolved, `{"alertname":"HighErrorRate"}`},
	{incident.EventStatusUpdate, `{"subject":"Monitoring","body":"Fixed, watching."}`}, {incident.EventChecklist, `{"id":"postmortem"}`},
	{incident.EventNote, `{"text":"closing"}`}, {incident.EventStatusChanged, `{"from":"monitoring","to":"resolved"}`},
}

// seedHistory writes n incidents of org 1 spread over the year before dsNow
// (each lasting 30 minutes to 2 days; every 100th still open, however old)
// with 20 events each, in one transaction of multi-row inserts.
func seedHistory(ctx context.Context, db *sql.DB, rebind func(string) string, at func(time.Time) any, n int) error {
	tx, err := db.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer func() { _ = tx.Rollback() }() // a no-op after Commit
	details, _ := json.Marshal(incident.Details{}.Normalize())
	incs := newBulk(tx, rebind, `INSERT INTO incidents (org_id, id, title, severity, status, services, summary, created_by,
		created_at, updated_at, resolved_at, version, details) VALUES `, 13)
	svcs := newBulk(tx, rebind, `INSERT INTO incident_services (org_id, incident_id, service) VALUES `, 3)
	evs := newBulk(tx, rebind, `INSERT INTO events (org_id, incident_id, seq, kind, author, at, payload) VALUES `, 7)
	evs.after = []*bulk{incs, svcs} // the foreign keys want the incidents first
	step := 365 * 24 * time.Hour / time.Duration(n)
	perDay := map[string]int{}
	for i := range n {
		created := dsNow.Add(-365*24*time.Hour + time.Duration(i)*step)
		day := created.Format("2006-01-02")
		perDay[day]++
		id := fmt.Sprintf("INC-%s-%03d", day, perDay[day])
		lasted := 30*time.Minute + time.Duration(i%97)*30*time.Minute
		open := i%100 == 7
		status, resolved := "resolved", any(at(created.Add(lasted)))
		if open {
			status, resolved = "investigating", nil
		}
		service := fmt.Sprintf("svc-%d", i%20)
		if err := incs.add(ctx, int64(1), id, fmt.Sprintf("incident %d", i), string(incident.Severities[i%4]), status,
			`["`+service+`"]`, "", "bench", at(created), at(created), resolved, int64(1), string(details)); err != nil {
			return err
		}
		if err := svcs.add(ctx, int64(1), id, service); err != nil {
			return err
		}
		for k, h := range history {
			kind, payload := h.kind, h.payload
			if open && kind == incident.EventStatusChanged {
				kind, payload = incident.EventNote, `{"text":"still on it"}`
			}
			when := created.Add(lasted * time.Duration(k) / time.Duration(len(history)-1))
			if err := evs.add(ctx, int64(1), id, int64(k+1), string(kind), "bench", at(when), payload); err != nil {
				return err
			}
		}
	}
	for _, bk := range []*bulk{incs, svcs, evs} {
		if err := bk.flush(ctx); err != nil {
			return err
		}
	}
	return tx.Commit()
}

// bulk collects rows and inserts them 500 at a time.
type bulk struct {
	tx     *sql.Tx
	rebind func(string) string
	head   string
	cols   int
	args   []any
	// after are flushed first: rows this one's reference.
	after []*bulk
}

func newBulk(tx *sql.Tx, rebind func(string) string, head string, cols int) *bulk {
	return &bulk{tx: tx, rebind: rebind, head: head, cols: cols}
}

func (k *bulk) add(ctx context.Context, vals ...any) error {
	k.args = append(k.args, vals...)
	if len(k.args) >= 500*k.cols {
		return k.flush(ctx)
	}
	return nil
}

func (k *bulk) flush(ctx context.Context) error {
	for _, a := range k.after {
		if err := a.flush(ctx); err != nil {
			return err
		}
	}
	if len(k.args) == 0 {
		return nil
	}
	row := "(?" + strings.Repeat(", ?", k.cols-1) + ")"
	q := k.head + row + strings.Repeat(", "+row, len(k.args)/k.cols-1)
	_, err := k.tx.ExecContext(ctx, k.rebind(q), k.args...)
	k.args = k.args[:0]
	return err
}
