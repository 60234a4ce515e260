package postgres_test

import (
	"context"
	"sync"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/warroom/warroom-incident-app/internal/testenv/testpg"
	"github.com/warroom/warroom-incident-app/pkg/store/postgres"
)

// The contract suite runs on this engine from package stores.
func TestMain(m *testing.M) { testpg.Main(m) }

// HA: several Grafana instances starting at once on an empty database all
// succeed, and each migration is applied exactly once.
func TestConcurrentMigrations(t *testing.T) {
	dsn := testpg.DSN(t)
	const n = 6
	var wg sync.WaitGroup
	for range n {
		wg.Go(func() {
			st, err := postgres.Open(t.Context(), dsn)
			if err != nil {
				t.Error(err)
				return
			}
			st.Close()
		})
	}
	wg.Wait()
	conn, err := pgx.Connect(t.Context(), dsn)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close(t.Context())
	var rows, versions int
	if err := conn.QueryRow(t.Context(), `SELECT count(*), count(DISTINCT version) FROM schema_migrations`).Scan(&rows, &versions); err != nil {
		t.Fatal(err)
	}
	if rows != versions || rows == 0 {
		t.Fatalf("schema_migrations has %d rows for %d versions", rows, versions)
	}
}

// Open refuses an unreachable server instead of returning a dead store.
func TestOpenUnreachable(t *testing.T) {
	ctx, cancel := context.WithTimeout(t.Context(), 10*time.Second)
	defer cancel()
	if _, err := postgres.Open(ctx, "postgres://nobody@127.0.0.1:1/none?sslmode=disable&connect_timeout=2"); err == nil {
		t.Fatal("Open of an unreachable server succeeded")
	}
}
