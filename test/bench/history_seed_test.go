package bench

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"iter"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/warroom/warroom-incident-app/pkg/incident"
)

// The data source benchmark's history: n incidents of org 1 spread over the
// year before dsNow, each lasting 30 minutes to 2 days (every 100th still
// open, however old), with 20 events each. The rows are generated, never
// held: a table's rows are a sequence written in one transaction (SQLite:
// multi-row INSERTs; PostgreSQL: COPY, which is minutes faster for two
// million rows).

const eventsPerIncident = 20

// incidentEvents is one incident's 20 events: 9 become annotations (declared,
// acknowledged, severity changed, three status updates, diagnostics run,
// mitigated, resolved), the rest are the notes, alerts, deliveries and
// checklist ticks a real timeline carries.
var incidentEvents = []struct {
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

// seedTable is one table's columns and its rows.
type seedTable struct {
	name string
	cols []string
	rows iter.Seq[[]any]
}

// historyTables are the history's rows, parents first. at and js give the
// engine's values of a time and of a JSON text.
func historyTables(n int, at func(time.Time) any, js func(string) any) []seedTable {
	type seeded struct {
		i                 int
		id, service       string
		created, resolved time.Time
		open              bool
	}
	each := func(yield func(seeded) bool) {
		step := 365 * 24 * time.Hour / time.Duration(n)
		perDay := map[string]int{}
		for i := range n {
			created := dsNow.Add(-365*24*time.Hour + time.Duration(i)*step)
			day := created.Format("2006-01-02")
			perDay[day]++
			lasted := 30*time.Minute + time.Duration(i%97)*30*time.Minute
			if !yield(seeded{i: i, id: fmt.Sprintf("INC-%s-%03d", day, perDay[day]), service: fmt.Sprintf("svc-%d", i%20),
				created: created, resolved: created.Add(lasted), open: i%100 == 7}) {
				return
			}
		}
	}
	details, _ := json.Marshal(incident.Details{}.Normalize())
	return []seedTable{
		{"incidents", []string{"org_id", "id", "title", "severity", "status", "services", "summary", "created_by",
			"created_at", "updated_at", "resolved_at", "version", "details"}, func(yield func([]any) bool) {
			for s := range each {
				status, resolved := "resolved", at(s.resolved)
				if s.open {
					status, resolved = "investigating", nil
				}
				if !yield([]any{int64(1), s.id, fmt.Sprintf("incident %d", s.i), string(incident.Severities[s.i%4]), status,
					js(`["` + s.service + `"]`), "", "bench", at(s.created), at(s.created), resolved, int64(1), js(string(details))}) {
					return
				}
			}
		}},
		{"incident_services", []string{"org_id", "incident_id", "service"}, func(yield func([]any) bool) {
			for s := range each {
				if !yield([]any{int64(1), s.id, s.service}) {
					return
				}
			}
		}},
		{"events", []string{"org_id", "incident_id", "seq", "kind", "author", "at", "payload"}, func(yield func([]any) bool) {
			for s := range each {
				for k, h := range incidentEvents {
					kind, payload := h.kind, h.payload
					if s.open && kind == incident.EventStatusChanged {
						kind, payload = incident.EventNote, `{"text":"still on it"}`
					}
					when := s.created.Add(s.resolved.Sub(s.created) * time.Duration(k) / time.Duration(len(incidentEvents)-1))
					if !yield([]any{int64(1), s.id, int64(k + 1), string(kind), "bench", at(when), js(payload)}) {
						return
					}
				}
			}
		}},
	}
}

// seedSQLite writes the history in one transaction, 500 rows a statement.
func seedSQLite(ctx context.Context, db *sql.DB, n int) error {
	tx, err := db.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer func() { _ = tx.Rollback() }() // a no-op after Commit
	tables := historyTables(n, func(t time.Time) any { return t.UnixMicro() }, func(s string) any { return s })
	for _, t := range tables {
		row := "(?" + strings.Repeat(", ?", len(t.cols)-1) + ")"
		var args []any
		flush := func() error {
			if len(args) == 0 {
				return nil
			}
			q := "INSERT INTO " + t.name + " (" + strings.Join(t.cols, ", ") + ") VALUES " +
				row + strings.Repeat(", "+row, len(args)/len(t.cols)-1)
			_, err := tx.ExecContext(ctx, q, args...)
			args = args[:0]
			return err
		}
		for r := range t.rows {
			if args = append(args, r...); len(args) >= 500*len(t.cols) {
				if err := flush(); err != nil {
					return err
				}
			}
		}
		if err := flush(); err != nil {
			return err
		}
	}
	return tx.Commit()
}

// seedPostgres COPYs the history in one transaction, then ANALYZEs it as
// autovacuum would have for a database of this size.
func seedPostgres(ctx context.Context, dsn string, n int) error {
	conn, err := pgx.Connect(ctx, dsn)
	if err != nil {
		return err
	}
	defer conn.Close(ctx)
	tx, err := conn.Begin(ctx)
	if err != nil {
		return err
	}
	defer func() { _ = tx.Rollback(ctx) }() // a no-op after Commit
	tables := historyTables(n, func(t time.Time) any { return t }, func(s string) any { return []byte(s) })
	for _, t := range tables {
		next, stop := iter.Pull(t.rows)
		_, err := tx.CopyFrom(ctx, pgx.Identifier{t.name}, t.cols, pgx.CopyFromFunc(func() ([]any, error) {
			r, _ := next()
			return r, nil
		}))
		stop()
		if err != nil {
			return fmt.Errorf("copy %s: %w", t.name, err)
		}
	}
	if err := tx.Commit(ctx); err != nil {
		return err
	}
	_, err = conn.Exec(ctx, "ANALYZE")
	return err
}
