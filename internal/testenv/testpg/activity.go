package testpg

import (
	"context"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"
)

// WaitForActivity polls PostgreSQL until countQuery (a count over
// pg_stat_activity, with args) answers at least want, so a test waits on the
// server's own view of its sessions ("this query has run for over a second",
// "these sessions are idle") instead of sleeping a fixed time.
func WaitForActivity(t testing.TB, dsn, countQuery string, want int, args ...any) {
	t.Helper()
	ctx := context.Background()
	c, err := pgx.Connect(ctx, dsn)
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close(ctx)
	deadline := time.Now().Add(time.Minute)
	for {
		var n int
		if err := c.QueryRow(ctx, countQuery, args...).Scan(&n); err != nil {
			t.Fatal(err)
		}
		if n >= want {
			return
		}
		if time.Now().After(deadline) {
			t.Fatalf("pg_stat_activity: %d of %d sessions in the expected state after a minute", n, want)
		}
		// PostgreSQL's clock paces the poll.
		_, _ = c.Exec(ctx, `SELECT pg_sleep(0.05)`)
	}
}
