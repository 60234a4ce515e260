package postgres

import (
	"context"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/warroom/warroom-incident-app/internal/testenv/testpg"
	"github.com/warroom/warroom-incident-app/pkg/diagnostics"
)

// A burst of runs against one target: while the target holds every check
// that reached it, the server sees exactly two diagnostics sessions and the
// other checks wait in the process; once it lets go, every check of every
// run completes.
//
// The hold is PostgreSQL's own: in a database whose transactions default to
// SERIALIZABLE DEFERRABLE, a READ ONLY transaction (every check's) waits
// for a safe snapshot until the open serializable read-write transaction
// of the test ends.
func TestConnectionsPerTargetAreBounded(t *testing.T) {
	dsn := testpg.DSN(t)
	ctx := t.Context()
	admin, err := pgx.Connect(ctx, dsn)
	if err != nil {
		t.Fatal(err)
	}
	defer admin.Close(context.Background())
	var db string
	if err := admin.QueryRow(ctx, `SELECT current_database()`).Scan(&db); err != nil {
		t.Fatal(err)
	}
	for _, set := range []string{`default_transaction_isolation = 'serializable'`, `default_transaction_deferrable = on`} {
		if _, err := admin.Exec(ctx, `ALTER DATABASE `+pgx.Identifier{db}.Sanitize()+` SET `+set); err != nil {
			t.Fatal(err)
		}
	}
	hold, err := admin.BeginTx(ctx, pgx.TxOptions{IsoLevel: pgx.Serializable, AccessMode: pgx.ReadWrite})
	if err != nil {
		t.Fatal(err)
	}
	defer hold.Rollback(context.Background()) //nolint:errcheck // committed below
	// Its first statement takes its snapshot: from now on it is a
	// concurrent serializable read-write transaction.
	if _, err := hold.Exec(ctx, `SELECT 1`); err != nil {
		t.Fatal(err)
	}

	targets := &Targets{MaxPerTarget: 2}
	opts := Options{Targets: targets, StatementTimeout: time.Minute}
	const runs = 3
	done := make(chan diagnostics.Summary, runs)
	for range runs {
		go func() {
			checks := Checks("api", diagnostics.PostgresTarget{Name: "main", DSN: dsn}, opts)
			done <- diagnostics.Run(ctx, checks, diagnostics.RunOptions{Concurrency: 4, CheckTimeout: time.Minute}, nil)
		}()
	}
	// Every run has four checks in flight: two hold connections, waiting
	// for a safe snapshot; ten wait for a slot.
	sessions := func(where string) int {
		t.Helper()
		var n int
		// The activity a transaction reads is cached until it ends.
		if _, err := hold.Exec(ctx, `SELECT pg_stat_clear_snapshot()`); err != nil {
			t.Fatal(err)
		}
		if err := hold.QueryRow(ctx, `SELECT count(*) FROM pg_stat_activity
			WHERE application_name = $1`+where, ApplicationName).Scan(&n); err != nil {
			t.Fatal(err)
		}
		return n
	}
	deadline := time.Now().Add(30 * time.Second)
	for {
		held, waiting := targets.InUse(dsn)
		if held == 2 && waiting == runs*4-2 && sessions(` AND wait_event = 'SafeSnapshot'`) == 2 {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("never reached 2 held and %d waiting: held %d waiting %d, %d sessions", runs*4-2, held, waiting, sessions(""))
		}
		time.Sleep(20 * time.Millisecond) // polling for state, not waiting for time
	}
	if n := sessions(""); n != 2 {
		t.Fatalf("%d diagnostics sessions on the target with every run held, want 2", n)
	}
	if err := hold.Commit(ctx); err != nil {
		t.Fatal(err)
	}
	for range runs {
		s := <-done
		if len(s.Findings) != 5 {
			t.Fatalf("%d findings, want 5", len(s.Findings))
		}
		for _, f := range s.Findings {
			if f.Status == diagnostics.StatusError {
				t.Errorf("%s: %s", f.Check, f.Error)
			}
		}
	}
	if held, waiting := targets.InUse(dsn); held != 0 || waiting != 0 {
		t.Fatalf("after the runs: %d held, %d waiting", held, waiting)
	}
}

// A check that cannot get a connection before its deadline says so in a
// sentence without the DSN, and opens nothing.
func TestNoConnectionSlotInTime(t *testing.T) {
	dsn := "postgres://secret-user:secret-pw@127.0.0.1:1/orders"
	targets := &Targets{MaxPerTarget: 1}
	release, err := targets.acquire(t.Context(), dsn)
	if err != nil {
		t.Fatal(err)
	}
	defer release()
	ctx, cancel := context.WithCancel(t.Context())
	cancel()
	_, _, err = targets.Connect(ctx, dsn)
	if err == nil || err.Error() != ErrNoConnectionSlot.Error() {
		t.Fatalf("connect without a free slot: %v", err)
	}
	if held, waiting := targets.InUse(dsn); held != 1 || waiting != 0 {
		t.Fatalf("%d held, %d waiting; want the one holder only", held, waiting)
	}
}
