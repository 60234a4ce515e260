package scheduler_test

import (
	"context"
	"database/sql"
	"fmt"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/grafana/grafana-plugin-sdk-go/backend/log"
	"github.com/jackc/pgx/v5"

	"github.com/warroom/warroom-incident-app/internal/testenv/testpg"
	"github.com/warroom/warroom-incident-app/pkg/incident"
	"github.com/warroom/warroom-incident-app/pkg/scheduler"
	"github.com/warroom/warroom-incident-app/pkg/store"
	"github.com/warroom/warroom-incident-app/pkg/store/postgres"
)

// rawEngines open a fresh store of each dialect and a second, raw
// connection to the same database, for writing what the store never would.
var rawEngines = []struct {
	name string
	open func(t *testing.T) (store.Store, func(query string))
}{
	{"sqlite", func(t *testing.T) (store.Store, func(string)) {
		path := filepath.Join(t.TempDir(), "warroom.db")
		st := openStore(t, path)
		db, err := sql.Open("sqlite", "file:"+path+"?_pragma=busy_timeout(10000)")
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { db.Close() })
		return st, func(q string) {
			if _, err := db.ExecContext(t.Context(), q); err != nil {
				t.Fatalf("raw write: %v", err)
			}
		}
	}},
	{"postgres", func(t *testing.T) (store.Store, func(string)) {
		dsn := testpg.DSN(t)
		st, err := postgres.Open(t.Context(), dsn)
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { st.Close() })
		conn, err := pgx.Connect(t.Context(), dsn)
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { conn.Close(context.Background()) })
		return st, func(q string) {
			if _, err := conn.Exec(t.Context(), q); err != nil {
				t.Fatalf("raw write: %v", err)
			}
		}
	}},
}

// An incident the store can no longer decode (details of the wrong shape,
// or a timer event's payload, as an older release or a hand edit could
// leave them) must not stop the tick: it is logged, counted in
// Stats.Skipped, and every other incident fires in the same tick; the next
// tick reports it again rather than dropping it.
func TestTickSkipsUnreadableIncidentsAndFiresTheRest(t *testing.T) {
	for _, eng := range rawEngines {
		t.Run(eng.name, func(t *testing.T) {
			ctx := t.Context()
			st, raw := eng.open(t)
			create := func(org int64, title string) string {
				t.Helper()
				inc, err := st.CreateIncident(ctx, org, store.NewIncident{Title: title, Severity: incident.P3, Status: incident.Investigating,
					Author: "ada", At: t0, Details: incident.Details{}.Normalize()},
					[]store.NewEvent{{Kind: incident.EventDeclared, Author: "ada", At: t0}})
				if err != nil {
					t.Fatal(err)
				}
				return inc.ID
			}
			type key struct {
				org int64
				id  string
			}
			healthy := []key{{1, create(1, "healthy before")}}
			badDetails := create(1, "details of the wrong shape")
			healthy = append(healthy, key{1, create(1, "healthy between")})
			badEvent := create(1, "status update of the wrong shape")
			if _, err := st.AppendEvents(ctx, 1, badEvent, []store.NewEvent{{Kind: incident.EventStatusUpdate, Author: "ada",
				At: t0.Add(time.Minute), Payload: map[string]any{"subject": "s", "body": "b"}}}); err != nil {
				t.Fatal(err)
			}
			healthy = append(healthy, key{2, create(2, "healthy in org 2")})
			raw(fmt.Sprintf(`UPDATE incidents SET details = '{"customerReports":"many"}' WHERE org_id = 1 AND id = '%s'`, badDetails))
			raw(fmt.Sprintf(`UPDATE events SET payload = '[1]' WHERE org_id = 1 AND incident_id = '%s' AND seq = 2`, badEvent))

			logs := &skipLog{}
			s := &scheduler.Scheduler{Store: st, PageSize: 2, Logger: logs}
			stats, err := s.Tick(ctx, t0.Add(31*time.Minute))
			if err != nil {
				t.Fatalf("tick failed as a whole: %v", err)
			}
			var skipped []string
			for _, sk := range stats.Skipped {
				skipped = append(skipped, fmt.Sprintf("%d/%s", sk.OrgID, sk.IncidentID))
				if !strings.Contains(sk.Reason, "unreadable") {
					t.Errorf("skip of %s: reason %q does not say it could not be read", sk.IncidentID, sk.Reason)
				}
			}
			if want := []string{"1/" + badDetails, "1/" + badEvent}; !slices.Equal(skipped, want) {
				t.Fatalf("skipped %v, want %v", skipped, want)
			}
			if stats.Incidents != 5 {
				t.Errorf("examined %d incidents, want 5", stats.Incidents)
			}
			for _, h := range healthy {
				if got := escalations(t, st, h.org, h.id); fmt.Sprint(got) != "[rule:p3-persists:P3 tier:P3:1]" {
					t.Errorf("healthy incident %d/%s: escalations %v, want the suggested rule and tier:P3:1", h.org, h.id, got)
				}
			}
			if stats.Fired != 2*len(healthy) {
				t.Errorf("fired %d, want %d (two for each healthy incident)", stats.Fired, 2*len(healthy))
			}
			text := logs.text()
			for _, id := range []string{badDetails, badEvent} {
				if !strings.Contains(text, id) {
					t.Errorf("no log line names %s:\n%s", id, text)
				}
			}

			again, err := s.Tick(ctx, t0.Add(32*time.Minute))
			if err != nil || again.Fired != 0 || len(again.Skipped) != 2 {
				t.Fatalf("second tick: fired %d, skipped %v (%v), want 0 and the two unreadable ones", again.Fired, again.Skipped, err)
			}
		})
	}
}

// skipLog is a log.Logger that keeps what it is told, flattened to text.
type skipLog struct{ got []string }

func (l *skipLog) add(level, msg string, args ...any) {
	l.got = append(l.got, level+" "+msg+" "+fmt.Sprint(args...))
}
func (l *skipLog) Debug(msg string, args ...any)          { l.add("debug", msg, args...) }
func (l *skipLog) Info(msg string, args ...any)           { l.add("info", msg, args...) }
func (l *skipLog) Warn(msg string, args ...any)           { l.add("warn", msg, args...) }
func (l *skipLog) Error(msg string, args ...any)          { l.add("error", msg, args...) }
func (l *skipLog) With(...any) log.Logger                 { return l }
func (l *skipLog) Level() log.Level                       { return log.Debug }
func (l *skipLog) FromContext(context.Context) log.Logger { return l }
func (l *skipLog) text() string                           { return strings.Join(l.got, "\n") }
