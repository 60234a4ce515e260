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

// history is what seedHistory writes: Total incidents of one org, Open of
// them still open. Recent of the open ones were declared in the 10 minutes
// before At, every level; the rest of the history was declared a minute
// apart before that, and its open incidents, spread over it, are forgotten
// P4s (a breached respond-by, no tiers or reminders): the history owes no
// escalation, so the scheduler's first tick only computes.
type history struct {
	OrgID               int64
	Total, Open, Recent int
	At                  time.Time
}

// seedHistory bulk-inserts h into a database the store already migrated
// (kind "sqlite": the file at target; "postgres": the DSN target): a
// hundred thousand incidents through CreateIncident would take minutes, and
// the benchmarks measure reads. Rows are what the store writes: open
// incidents have a declaration and a status update (what the timers
// read), resolved ones a declaration, an update and the resolution.
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
	old, oldOpen := h.Total-h.Recent, h.Open-h.Recent
	start := h.At.Add(-10*time.Minute - time.Duration(old)*time.Minute)
	perDay := map[string]int64{}
	for i := range h.Total {
		declared := start.Add(time.Duration(i) * time.Minute)
		sev, svc := incident.Severities[i/7%4], fmt.Sprintf("svc-%d", i/3%20)
		open := i*oldOpen/old != (i+1)*oldOpen/old
		if i >= old {
			declared, open = h.At.Add(-10*time.Minute+time.Duration(i-old)*10*time.Minute/time.Duration(h.Recent)), true
		} else if open {
			sev = incident.P4
		}
		perDay[incident.DayKey(declared)]++
		id := incident.FormatID(declared, perDay[incident.DayKey(declared)])
		status, updated, resolved := incident.Statuses[i%3], declared.Add(20*time.Minute), any(nil)
		if !open {
			status, resolved = incident.Resolved, at(updated)
		}
		if updated.After(h.At) {
			updated = declared
		}
		incidents.add(tb, ctx, h.OrgID, id, fmt.Sprintf("incident %d", i), string(sev), string(status), `["`+svc+`"]`, "",
			"bench", at(declared), at(updated), resolved, 1, string(details))
		services.add(tb, ctx, h.OrgID, id, svc)
		timeline := []seedEvent{{incident.EventDeclared, 0, `{"severity":"` + string(sev) + `"}`}}
		if open {
			timeline = append(timeline, seedEvent{incident.EventStatusUpdate, 0, `{"text":"looking"}`})
		} else {
			timeline = append(timeline, seedEvent{incident.EventStatusUpdate, 10 * time.Minute, `{"text":"found it"}`},
				seedEvent{incident.EventStatusChanged, 20 * time.Minute, `{"from":"investigating","to":"resolved"}`})
		}
		for seq, e := range timeline {
			events.add(tb, ctx, h.OrgID, id, seq+1, string(e.kind), "bench", at(declared.Add(e.after)), e.payload)
		}
	}
	services.flush(tb, ctx)
	events.flush(tb, ctx)
	if kind == "postgres" {
		vacuum(tb, db)
	}
}

// vacuum does what PostgreSQL's autovacuum does after a bulk load or a
// burst of updates (a first tick that projects every incident): statistics,
// and the visibility map its index-only counts rely on.
func vacuum(tb testing.TB, db *sql.DB) {
	tb.Helper()
	if _, err := db.ExecContext(context.Background(), `VACUUM ANALYZE`); err != nil {
		tb.Fatal(err)
	}
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
