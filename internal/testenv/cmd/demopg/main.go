// Command demopg gives the demo (scripts/run.sh) a PostgreSQL in the state of
// the runbooks' "DB connection pool exhausted": a throwaway cluster
// (testpg.Run) with max_connections 20, of which the "orders-api" pool holds
// 17 idle, so the diagnostics' own session brings it to 90% and, after the
// demo's idle age, finds the idle sessions too. It prints
// POSTGRES_DSN=… once the connections are open and runs until SIGTERM/SIGINT
// or until its stdin closes when that is a pipe (testenv.WaitForStop).
//
//	go run ./internal/testenv/cmd/demopg
package main

import (
	"context"
	"fmt"
	"os"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/warroom/warroom-incident-app/internal/testenv"
	"github.com/warroom/warroom-incident-app/internal/testenv/testpg"
)

const (
	maxConnections = 20
	// held leaves the diagnostics (2 sessions per target at most) room to
	// connect, and reads 18/20 = 90% with one of them: the runbook's bar.
	held = 17
)

func main() {
	if err := run(); err != nil {
		fmt.Fprintln(os.Stderr, "demopg:", err)
		os.Exit(1)
	}
}

func run() error {
	srv, err := testpg.Run(fmt.Sprintf("max_connections=%d", maxConnections))
	if err != nil {
		return err
	}
	defer srv.Stop()
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	if err := execSQL(ctx, srv.DSN, `CREATE DATABASE orders`); err != nil {
		return err
	}
	dsn := testpg.WithDatabase(srv.DSN, "orders")
	pool, err := pgx.ParseConfig(dsn)
	if err != nil {
		return err
	}
	pool.RuntimeParams["application_name"] = "orders-api"
	for i := 0; i < held; i++ {
		c, err := pgx.ConnectConfig(ctx, pool)
		if err != nil {
			return fmt.Errorf("open connection %d of %d: %w", i+1, held, err)
		}
		defer c.Close(context.Background())
	}
	fmt.Printf("POSTGRES_DSN=%s\n", dsn)
	testenv.WaitForStop()
	return nil
}

func execSQL(ctx context.Context, dsn, sql string) error {
	c, err := pgx.Connect(ctx, dsn)
	if err != nil {
		return err
	}
	defer c.Close(ctx)
	_, err = c.Exec(ctx, sql)
	return err
}
