package testpg

import (
	"context"
	"os"
	"testing"

	"github.com/jackc/pgx/v5"
)

func TestMain(m *testing.M) { Main(m) }

// Each DSN is its own database on a live PostgreSQL 15 that fsyncs.
func TestDSNGivesIsolatedDatabases(t *testing.T) {
	ctx := context.Background()
	a, b := DSN(t), DSN(t)
	if a == b {
		t.Fatalf("two calls returned the same DSN %q", a)
	}
	ca, err := pgx.Connect(ctx, a)
	if err != nil {
		t.Fatal(err)
	}
	defer ca.Close(ctx)
	if _, err := ca.Exec(ctx, `CREATE TABLE only_in_a (x int)`); err != nil {
		t.Fatal(err)
	}
	cb, err := pgx.Connect(ctx, b)
	if err != nil {
		t.Fatal(err)
	}
	defer cb.Close(ctx)
	var n int
	if err := cb.QueryRow(ctx, `SELECT count(*) FROM pg_tables WHERE tablename = 'only_in_a'`).Scan(&n); err != nil {
		t.Fatal(err)
	}
	if n != 0 {
		t.Fatal("a table created through one DSN is visible through another")
	}
	var (
		version       int
		fsync, listen string
	)
	if err := ca.QueryRow(ctx, `SELECT current_setting('server_version_num')::int, current_setting('fsync'),
		current_setting('listen_addresses')`).Scan(&version, &fsync, &listen); err != nil {
		t.Fatal(err)
	}
	if version < 150000 || fsync != "on" {
		t.Fatalf("server %d with fsync=%s; want PostgreSQL >= 15 with fsync on", version, fsync)
	}
	if os.Getenv(EnvDSN) == "" && listen != "127.0.0.1" {
		t.Fatalf("throwaway cluster listens on %q; want 127.0.0.1 only", listen)
	}
}

func TestWithDatabase(t *testing.T) {
	cases := map[string]string{
		"postgres://u:p@h:5432/old?sslmode=disable": "postgres://u:p@h:5432/new?sslmode=disable",
		"postgresql://h/":          "postgresql://h/new",
		"host=h user=u dbname=old": "host=h user=u dbname=old dbname=new",
	}
	for in, want := range cases {
		if got := WithDatabase(in, "new"); got != want {
			t.Errorf("WithDatabase(%q) = %q, want %q", in, got, want)
		}
	}
}
