package postgres

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"

	"github.com/warroom/warroom-incident-app/internal/testenv/testpg"
	"github.com/warroom/warroom-incident-app/pkg/diagnostics"
)

func TestMain(m *testing.M) { testpg.Main(m) }

func TestDefaultsAreTheSeedNumbers(t *testing.T) {
	o := Options{}.withDefaults()
	if o.LongQuery != 30*time.Second || o.IdleAge != 10*time.Minute || o.WarnRatio != 0.8 ||
		o.CriticalRatio != 0.9 || o.StatementTimeout != 5*time.Second {
		t.Fatalf("defaults %+v", o)
	}
	for ratio, want := range map[float64]diagnostics.Status{0.5: "ok", 0.8: "warning", 0.93: "critical"} {
		if got := RatioStatus(ratio, Options{}); got != want {
			t.Errorf("RatioStatus(%v) = %s, want %s", ratio, got, want)
		}
	}
	if Ratio(186, 200) != 0.93 || Ratio(1, 0) != 0 {
		t.Fatal("ratio math")
	}
}

func connect(t *testing.T, dsn, app string) *pgx.Conn {
	t.Helper()
	cfg, err := pgx.ParseConfig(dsn)
	if err != nil {
		t.Fatal(err)
	}
	cfg.RuntimeParams["application_name"] = app
	c, err := pgx.ConnectConfig(context.Background(), cfg)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { c.Close(context.Background()) })
	return c
}

func byID(t *testing.T, s diagnostics.Summary, id string) diagnostics.Finding {
	t.Helper()
	for _, f := range s.Findings {
		if f.Check == id {
			return f
		}
	}
	t.Fatalf("no finding %s in %+v", id, s.Findings)
	return diagnostics.Finding{}
}

// A real server with a long query and idle sessions: the findings name them
// the way the runbook's psql commands would.
func TestChecksAgainstRealServer(t *testing.T) {
	dsn := testpg.DSN(t)
	ctx := context.Background()
	sleeper := connect(t, dsn, "warroom-sleeper")
	done := make(chan error, 1)
	// Runs until the test cancels it, so a slow machine cannot see it end before the checks look.
	go func() { _, err := sleeper.Exec(ctx, `SELECT pg_sleep(600)`); done <- err }()
	connect(t, dsn, "warroom-idle-1").Exec(ctx, `SELECT 1`) //nolint:errcheck
	connect(t, dsn, "warroom-idle-2").Exec(ctx, `SELECT 1`) //nolint:errcheck
	// Wait on the server's own view: the query running and both sessions idle for over a second.
	testpg.WaitForActivity(t, dsn, `SELECT count(*) FROM pg_stat_activity WHERE
		(application_name = 'warroom-sleeper' AND state = 'active' AND now() - query_start > interval '1.1 s') OR
		(application_name LIKE 'warroom-idle-%' AND state = 'idle' AND now() - state_change > interval '1.1 s')`, 3)

	opts := Options{LongQuery: time.Second, IdleAge: time.Second, WarnRatio: 0.001, CriticalRatio: 0.5}
	s := diagnostics.Run(ctx, Checks("api", diagnostics.PostgresTarget{Name: "main", DSN: dsn}, opts), diagnostics.RunOptions{}, nil)
	for _, f := range s.Findings {
		t.Logf("%s %s: %s", f.Check, f.Status, f.Summary)
		if f.Status == diagnostics.StatusError {
			t.Fatalf("%s failed: %s", f.Check, f.Error)
		}
	}
	conns := byID(t, s, diagnostics.CheckPGConnections)
	if conns.Status != diagnostics.StatusWarning || conns.Facts["max_connections"] != 200 || conns.Facts["connections"] < 3 ||
		conns.Facts["connections_ratio"] != conns.Facts["connections"]/200 {
		t.Fatalf("connections finding %+v", conns)
	}
	long := byID(t, s, diagnostics.CheckPGLongQueries)
	if long.Status != diagnostics.StatusWarning || !tableHas(long, 3, "SELECT pg_sleep(600)") || !strings.Contains(long.Summary, "longer than 1s") {
		t.Fatalf("long queries finding %+v", long)
	}
	idle := byID(t, s, diagnostics.CheckPGIdleConnections)
	if idle.Status != diagnostics.StatusWarning || !tableHas(idle, 3, "warroom-idle-1") || !tableHas(idle, 3, "warroom-idle-2") {
		t.Fatalf("idle finding %+v", idle)
	}
	states := byID(t, s, diagnostics.CheckPGConnectionsState)
	if states.Facts["connections_active"] < 1 || states.Facts["connections_idle"] < 2 {
		t.Fatalf("by state %+v", states)
	}
	if dbs := byID(t, s, diagnostics.CheckPGDatabaseBackends); !tableHas(dbs, 0, "postgres") {
		t.Fatalf("databases %+v", dbs)
	}
	if _, err := connect(t, dsn, "warroom-monitor").Exec(ctx, `SELECT pg_cancel_backend(pid) FROM pg_stat_activity WHERE application_name = 'warroom-sleeper'`); err != nil {
		t.Fatal(err)
	}
	var pgErr *pgconn.PgError
	if err := <-done; !errors.As(err, &pgErr) || pgErr.Code != "57014" { // query_canceled
		t.Fatalf("the long query ended with %v, not by our cancel", err)
	}

	// With the default 30 s / 10 min thresholds nothing qualifies yet.
	s = diagnostics.Run(ctx, Checks("api", diagnostics.PostgresTarget{Name: "main", DSN: dsn}, Options{}), diagnostics.RunOptions{}, nil)
	if f := byID(t, s, diagnostics.CheckPGIdleConnections); f.Status != diagnostics.StatusOK || f.Facts["idle_connections"] != 0 {
		t.Fatalf("default idle threshold flagged fresh sessions: %+v", f)
	}
	if f := byID(t, s, diagnostics.CheckPGConnections); f.Status != diagnostics.StatusOK {
		t.Fatalf("a handful of 200 connections flagged: %+v", f)
	}
}

func tableHas(f diagnostics.Finding, col int, want string) bool {
	for _, tb := range f.Details {
		for _, r := range tb.Rows {
			if col < len(r) && r[col] == want {
				return true
			}
		}
	}
	return false
}

// The guard rails: nothing persists and nothing runs long.
func TestReadOnlyAndStatementTimeout(t *testing.T) {
	dsn := testpg.DSN(t)
	ctx := context.Background()
	var f diagnostics.Finding
	err := inReadOnlyTx(ctx, ProcessTargets(), dsn, time.Second, &f, func(tx pgx.Tx) error {
		_, err := tx.Exec(ctx, `CREATE TABLE evil (x int)`)
		return err
	})
	var pgErr *pgconn.PgError
	if !errors.As(err, &pgErr) || pgErr.Code != "25006" { // read_only_sql_transaction
		t.Fatalf("write in a diagnostic transaction: %v", err)
	}
	// query_canceled is what statement_timeout raises: the code is the proof.
	err = inReadOnlyTx(ctx, ProcessTargets(), dsn, 100*time.Millisecond, &f, func(tx pgx.Tx) error {
		_, err := tx.Exec(ctx, `SELECT pg_sleep(5)`)
		return err
	})
	if !errors.As(err, &pgErr) || pgErr.Code != "57014" {
		t.Fatalf("statement_timeout not applied: %v", err)
	}
}

func TestTooManyClientsIsEvidence(t *testing.T) {
	var f diagnostics.Finding
	err := connectError(&pgconn.PgError{Code: "53300", Message: "sorry, too many clients already"}, &f)
	if err != nil || f.Status != diagnostics.StatusCritical || f.Facts["connections_ratio"] != 1 {
		t.Fatalf("err %v finding %+v", err, f)
	}
	if err := connectError(errors.New("dial tcp: refused"), &f); err == nil {
		t.Fatal("a refused connection must fail the check")
	}
}
