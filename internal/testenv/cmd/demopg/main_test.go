package main

import (
	"bufio"
	"context"
	"strings"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/warroom/warroom-incident-app/internal/testenv"
	"github.com/warroom/warroom-incident-app/pkg/diagnostics/postgres"
)

// With this variable set the test binary runs main, so the test drives the real command.
const runMain = "WARROOM_DEMOPG_RUN_MAIN"

func TestMain(m *testing.M) { testenv.MainOrTests(m, runMain, main) }

// The command's PostgreSQL is what the "DB connection pool exhausted" runbook
// looks for once the diagnostics connect: 90% of max_connections in use, held
// by orders-api; closing its stdin stops it.
func TestPoolIsExhausted(t *testing.T) {
	cmd := testenv.SelfCommand(runMain)
	stdin, err := cmd.StdinPipe()
	if err != nil {
		t.Fatal(err)
	}
	out, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	var stderr strings.Builder
	cmd.Stderr = &stderr
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = cmd.Process.Kill() }) // no-op once it has exited
	line, err := bufio.NewReader(out).ReadString('\n')
	dsn, ok := strings.CutPrefix(strings.TrimSpace(line), "POSTGRES_DSN=")
	if err != nil || !ok {
		t.Fatalf("first line %q (%v); stderr:\n%s", line, err, stderr.String())
	}

	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	c, err := pgx.Connect(ctx, dsn)
	if err != nil {
		t.Fatal(err)
	}
	var used, max, pool int
	err = c.QueryRow(ctx, `SELECT count(*) FILTER (WHERE backend_type = 'client backend'),
		current_setting('max_connections')::int,
		count(*) FILTER (WHERE application_name = 'orders-api' AND state = 'idle') FROM pg_stat_activity`).Scan(&used, &max, &pool)
	c.Close(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if pool != held || postgres.Ratio(used, max) < postgres.DefaultCriticalRatio {
		t.Errorf("%d of %d connections in use, %d idle from orders-api: want %d held and ≥ %.0f%%", used, max, pool, held, postgres.DefaultCriticalRatio*100)
	}

	stdin.Close()
	if err := cmd.Wait(); err != nil {
		t.Errorf("after stdin closed: %v\n%s", err, stderr.String())
	}
}
