package bench

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/warroom/warroom-incident-app/pkg/incident"
	"github.com/warroom/warroom-incident-app/pkg/store/sqlstore"
)

// history is what seedHistory writes: Total incidents of one org, declared
// a minute apart up to At, every OpenEvery-th of them still open.
type history struct {
	OrgID     int64
	Total     int
	OpenEvery int
	At        time.Time
}

// Open is how many of the incidents are still open.
func (h history) Open() int { return (h.Total + h.OpenEvery - 1) / h.OpenEvery }

// seedHistory bulk-inserts h into a database the store already migrated
// (kind "sqlite": the file at target; "postgres": the DSN target): a
// hundred thousand incidents through CreateIncident would take minutes, and
// the benchmarks measure reads. Rows are what the store writes: open
// incidents have a declaration, a severity change and two status updates
// (what the timers read); resolved ones a declaration and the resolution.
func seedHistory(tb testing.TB, kind, target string, h history) {
	tb.Helper()
	ctx := context.Background()
	driver, rebind, at := "sqlite", func(q string) string { return q }, func(t time.Time) any { return t.UnixMicro() }
	if kind == "postgres" {
		driver, rebind, at = "pgx", sqlstore.DollarParams, func(t time.Time) any { return t }
	} else {
		target = "file:" + target + "?_pragma=busy_timeout(10000)"
	}
	db, err := sql.Open(driver, target)
	if err != nil {
		tb.Fatal(err)
	}
	defer db.Close()
	details, err := json.Marshal(incident.Details{Checklist: incident.DefaultChecklist()}.Normalize())
	if err != nil {
		tb.Fatal(err)
	}
	incidents := newBatch(db, rebind, `INSERT INTO incidents (org_id, id, title, severity, status, services, summary,
		created_by, created_at, updated_at, resolved_at, version, details) VALUES `, 13)
	services := newBatch(db, rebind, `INSERT INTO incident_services (org_id, incident_id, service) VALUES `, 3)
	events := newBatch(db, rebind, `INSERT INTO events (org_id, incident_id, seq, kind, author, at, payload) VALUES `, 7)
	services.parent, events.parent = incidents, incidents
	start := h.At.Add(-time.Duration(h.Total) * time.Minute)
	perDay := map[string]int64{}
	for i := range h.Total {
		declared := start.Add(time.Duration(i) * time.Minute)
		perDay[incident.DayKey(declared)]++
		id := incident.FormatID(declared, perDay[incident.DayKey(declared)])
		// Divisors prime to OpenEvery, so open incidents have every level and service.
		sev, svc := incident.Severities[i/7%4], fmt.Sprintf("svc-%d", i/3%20)
		open := i%h.OpenEvery == 0
		status, updated, resolved := incident.Statuses[i/h.OpenEvery%3], declared.Add(20*time.Minute), any(nil)
		if !open {
			status, resolved = incident.Resolved, at(updated)
		}
		incidents.add(tb, ctx, h.OrgID, id, fmt.Sprintf("incident %d", i), string(sev), string(status), `["`+svc+`"]`, "",
			"bench", at(declared), at(updated), resolved, 1, string(details))
		services.add(tb, ctx, h.OrgID, id, svc)
		timeline := []seedEvent{{incident.EventDeclared, 0, `{"severity":"` + string(sev) + `"}`}}
		if open {
			timeline = append(timeline, seedEvent{incident.EventSeverityChanged, 5 * time.Minute, `{"from":"P4","to":"` + string(sev) + `"}`},
				seedEvent{incident.EventStatusUpdate, 10 * time.Minute, `{"text":"looking"}`},
				seedEvent{incident.EventStatusUpdate, 20 * time.Minute, `{"text":"still looking"}`})
		} else {
			timeline = append(timeline, seedEvent{incident.EventStatusChanged, 20 * time.Minute, `{"from":"investigating","to":"resolved"}`})
		}
		for seq, e := range timeline {
			events.add(tb, ctx, h.OrgID, id, seq+1, string(e.kind), "bench", at(declared.Add(e.after)), e.payload)
		}
	}
	services.flush(tb, ctx)
	events.flush(tb, ctx)
}

// seedEvent is one timeline entry, after the declaration.
type seedEvent struct {
	kind    incident.EventKind
	after   time.Duration
	payload string
}

// batch is a multi-row INSERT sent every 400 rows (within both engines'
// parameter limits), after its parent's rows (foreign keys).
type batch struct {
	parent *batch
	db     *sql.DB
	rebind func(string) string
	head   string
	row    string
	args   []any
	rows   int
}

func newBatch(db *sql.DB, rebind func(string) string, head string, cols int) *batch {
	return &batch{db: db, rebind: rebind, head: head, row: "(" + strings.TrimSuffix(strings.Repeat("?, ", cols), ", ") + ")"}
}

func (b *batch) add(tb testing.TB, ctx context.Context, vals ...any) {
	b.args = append(b.args, vals...)
	if b.rows++; b.rows == 400 {
		b.flush(tb, ctx)
	}
}

func (b *batch) flush(tb testing.TB, ctx context.Context) {
	if b.parent != nil {
		b.parent.flush(tb, ctx)
	}
	if b.rows == 0 {
		return
	}
	q := b.head + strings.TrimSuffix(strings.Repeat(b.row+", ", b.rows), ", ")
	if _, err := b.db.ExecContext(ctx, b.rebind(q), b.args...); err != nil {
		tb.Fatalf("seed: %v", err)
	}
	b.args, b.rows = b.args[:0], 0
}
