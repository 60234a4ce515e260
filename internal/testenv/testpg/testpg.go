// Package testpg gives Go tests a real, empty PostgreSQL database.
//
// With WARROOM_TEST_PG_DSN set, databases are created on that server.
// Otherwise one throwaway PostgreSQL 15 cluster is started per test process
// (initdb + pg_ctl in a temp dir, 127.0.0.1 on a free port, fsync on) and
// stopped by Main, or by a watchdog if the process dies without running it.
// When PostgreSQL cannot be had, the test fails: a store test that silently
// skips would prove nothing.
package testpg

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"net/url"
	"os"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"
)

// EnvDSN names the variable that points the tests at an existing server. Its
// role must be allowed to CREATE DATABASE.
const EnvDSN = "WARROOM_TEST_PG_DSN"

var (
	mu      sync.Mutex
	running *cluster
	failed  error // a start that failed is not retried in this process
)

// DSN returns the connection string of a fresh database, dropped when the
// test ends. Every call gets its own database, so tests are isolated.
func DSN(t testing.TB) string {
	t.Helper()
	base, err := serverDSN()
	if err != nil {
		t.Fatalf("testpg: PostgreSQL is required for this test and could not be started: %v\n"+
			"(set %s to use an existing server)", err, EnvDSN)
	}
	name := "t_" + randomHex(8)
	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	defer cancel()
	if err := adminExec(ctx, base, `CREATE DATABASE `+name); err != nil {
		t.Fatalf("testpg: create database %s: %v", name, err)
	}
	t.Cleanup(func() {
		ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
		defer cancel()
		// Best effort: a leftover database only costs disk on a throwaway
		// cluster; WITH (FORCE) ends sessions a test forgot to close.
		_ = adminExec(ctx, base, `DROP DATABASE IF EXISTS `+name+` WITH (FORCE)`)
	})
	return WithDatabase(base, name)
}

// Main runs the tests of a package and stops the cluster afterwards. Use it
// from TestMain: func TestMain(m *testing.M) { testpg.Main(m) }.
func Main(m *testing.M) {
	code := m.Run()
	Stop()
	os.Exit(code)
}

// Stop stops the cluster of this process, if one was started. Safe to call
// more than once.
func Stop() {
	mu.Lock()
	defer mu.Unlock()
	if running != nil {
		running.stop()
		running = nil
	}
}

// serverDSN is the DSN of the server's maintenance database, starting the
// process's cluster on first use.
func serverDSN() (string, error) {
	if dsn := os.Getenv(EnvDSN); dsn != "" {
		return dsn, nil
	}
	mu.Lock()
	defer mu.Unlock()
	if failed != nil {
		return "", failed
	}
	if running == nil {
		c, err := startCluster()
		if err != nil {
			failed = err
			return "", err
		}
		running = c
	}
	return running.dsn(), nil
}

func adminExec(ctx context.Context, dsn, sql string) error {
	conn, err := pgx.Connect(ctx, dsn)
	if err != nil {
		return err
	}
	defer conn.Close(context.WithoutCancel(ctx))
	_, err = conn.Exec(ctx, sql)
	return err
}

// WithDatabase returns dsn (URL or keyword/value form) pointing at database db.
func WithDatabase(dsn, db string) string {
	if strings.HasPrefix(dsn, "postgres://") || strings.HasPrefix(dsn, "postgresql://") {
		if u, err := url.Parse(dsn); err == nil {
			u.Path = "/" + db
			u.RawPath = ""
			return u.String()
		}
	}
	// In keyword/value form the last occurrence of a key wins.
	return dsn + " dbname=" + db
}

func randomHex(n int) string {
	b := make([]byte, n)
	_, _ = rand.Read(b) // crypto/rand.Read never fails on Linux
	return hex.EncodeToString(b)
}
