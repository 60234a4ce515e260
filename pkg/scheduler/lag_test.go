package scheduler_test

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	_ "github.com/jackc/pgx/v5/stdlib" // the "pgx" driver of the seeding connection

	"github.com/warroom/warroom-incident-app/internal/testenv/testpg"
	"github.com/warroom/warroom-incident-app/pkg/incident"
	"github.com/warroom/warroom-incident-app/pkg/scheduler"
	"github.com/warroom/warroom-incident-app/pkg/store"
	"github.com/warroom/warroom-incident-app/pkg/store/postgres"
	"github.com/warroom/warroom-incident-app/pkg/store/sqlstore"
)

// lagOpen is the number of open incidents the lag test runs among.
const lagOpen = 10000

// With 10,000 open incidents of 10 orgs, declared over the last hour (one
// in ten P2 or P3, the others P4), a scheduler ticking every DefaultTickEvery of an injected
// clock fires every escalation, tier and reminder in the first tick at or
// after its due time: never a tick late, though each tick reads only what
// is due. The first tick computes every incident (as after the upgrade
// that adds the projection) and fires what was owed before it; the
// ticks after it are the steady state.
func TestFiringsComeInTheFirstTickAtOrAfterTheirDueTime(t *testing.T) {
	if testing.Short() {
		t.Skip("seeds 10,000 incidents per store")
	}
	for _, eng := range []struct {
		name string
		// open returns the store and a connection of its own to it.
		open func(t *testing.T) (store.Store, *sql.DB)
	}{
		{"sqlite", func(t *testing.T) (store.Store, *sql.DB) {
			path := filepath.Join(t.TempDir(), "warroom.db")
			return openStore(t, path), rawDB(t, "sqlite", "file:"+path+"?_pragma=busy_timeout(10000)")
		}},
		{"postgres", func(t *testing.T) (store.Store, *sql.DB) {
			dsn := testpg.DSN(t)
			st, err := postgres.Open(t.Context(), dsn)
			if err != nil {
				t.Fatal(err)
			}
			t.Cleanup(func() { st.Close() })
			return st, rawDB(t, "pgx", dsn)
		}},
	} {
		t.Run(eng.name, func(t *testing.T) {
			ctx := t.Context()
			start := t0.Add(2 * time.Hour)
			st, db := eng.open(t)
			seedOpen(t, db, eng.name == "postgres", lagOpen, start)
			log := &firedLog{Store: st}
			s := &scheduler.Scheduler{Store: log}
			period := scheduler.DefaultTickEvery

			first, err := s.Tick(ctx, start)
			if err != nil || first.Incidents != lagOpen || first.Saved != lagOpen {
				t.Fatalf("first tick: %+v %v, want every open incident computed and saved", first, err)
			}
			log.reset()
			prev, read := start, 0
			for now := start.Add(period); !now.After(start.Add(8 * time.Minute)); now = now.Add(period) {
				st, err := s.Tick(ctx, now)
				if err != nil || len(st.Skipped) > 0 {
					t.Fatalf("tick at %v: %+v %v", now.Sub(start), st, err)
				}
				read += st.Incidents
				for _, f := range log.reset() {
					if !f.due.After(prev) || f.due.After(now) {
						t.Fatalf("%s of %s, due at %v, fired in the tick at %v (the one before ran at %v)",
							f.key, f.id, f.due.Sub(start), now.Sub(start), prev.Sub(start))
					}
					log.count++
				}
				prev = now
			}
			ticks := int((8 * time.Minute) / period)
			t.Logf("%d firings in %d ticks; %d incidents read, %.1f a tick", log.count, ticks, read, float64(read)/float64(ticks))
			if log.count < 50 {
				t.Fatalf("only %d firings fell due: the test proves little", log.count)
			}
			if read > lagOpen {
				t.Errorf("the ticks after the first read %d incidents, more than are open: they read what is not due", read)
			}
		})
	}
}

// firedLog records the firings a store committed, with their due times.
type firedLog struct {
	store.Store
	mu    sync.Mutex
	fired []fired
	count int
}

type fired struct {
	id, key string
	due     time.Time
}

func (l *firedLog) Commit(ctx context.Context, e store.Effects) (store.Committed, error) {
	c, err := l.Store.Commit(ctx, e)
	// Reminders claimed silently (owed together with a newer one) carry no
	// event; the newest says when it was due.
	if err == nil && c.Fired && len(e.Events) > 0 {
		l.mu.Lock()
		l.fired = append(l.fired, fired{id: e.IncidentID, key: e.Key, due: dueAt(e.Events[len(e.Events)-1].Payload["dueAt"])})
		l.mu.Unlock()
	}
	return c, err
}

func (l *firedLog) reset() []fired {
	l.mu.Lock()
	defer l.mu.Unlock()
	out := l.fired
	l.fired = nil
	return out
}

func dueAt(v any) time.Time {
	switch t := v.(type) {
	case time.Time:
		return t
	case string:
		at, _ := time.Parse(time.RFC3339Nano, t)
		return at
	}
	return time.Time{}
}

// seedOpen inserts n open incidents of 10 orgs, one every 360 ms of the
// hour before start, in one transaction on a connection of its own: the
// rows CreateIncident writes, without its 10,000 transactions. One in ten
// is P2 or P3, which owe escalations, tiers and reminders within the hour;
// the others P4, which owe nothing for a day but are read like the rest.
func seedOpen(t *testing.T, db *sql.DB, postgres bool, n int, start time.Time) {
	t.Helper()
	details, err := json.Marshal(incident.Details{}.Normalize())
	if err != nil {
		t.Fatal(err)
	}
	tx, err := db.BeginTx(t.Context(), nil)
	if err != nil {
		t.Fatal(err)
	}
	defer tx.Rollback() //nolint:errcheck // no-op after Commit
	step := time.Hour / time.Duration(n)
	const chunk = 1000
	for from := 0; from < n; from += chunk {
		var rows []string
		var args []any
		for i := from; i < min(from+chunk, n); i++ {
			at := start.Add(-time.Hour + time.Duration(i)*step).UTC()
			sev := incident.P4
			switch i % 20 {
			case 0:
				sev = incident.P2
			case 1:
				sev = incident.P3
			}
			var when any = at.UnixMicro()
			if postgres {
				when = at
			}
			rows = append(rows, "(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, NULL, 1, ?)")
			args = append(args, 1+i%10, fmt.Sprintf("INC-%s-%05d", at.Format("2006-01-02"), i), fmt.Sprint("open ", i), string(sev),
				string(incident.Investigating), `["api"]`, "", "ada", when, when, string(details))
		}
		q := `INSERT INTO incidents (org_id, id, title, severity, status, services, summary, created_by, created_at, updated_at,
			resolved_at, version, details) VALUES ` + strings.Join(rows, ", ")
		if postgres {
			q = sqlstore.DollarParams(q)
		}
		if _, err := tx.ExecContext(t.Context(), q, args...); err != nil {
			t.Fatalf("seed: %v", err)
		}
	}
	if err := tx.Commit(); err != nil {
		t.Fatal(err)
	}
}

func rawDB(t *testing.T, driver, dsn string) *sql.DB {
	t.Helper()
	db, err := sql.Open(driver, dsn)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	return db
}
