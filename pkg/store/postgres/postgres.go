// Package postgres is the Store for Grafana in HA: every Grafana instance
// runs the back end against one shared PostgreSQL database.
//
// Concurrency: transactions run at READ COMMITTED. The per-day id counter is
// an INSERT … ON CONFLICT DO UPDATE whose row lock serialises creates of one
// org and day; timeline numbering locks the incident row (the versioned
// UPDATE, or SELECT … FOR NO KEY UPDATE for a bare append). Serialisation
// failures, deadlocks and unique violations are retried a bounded number of
// times, since they mean "another instance got there first", not "bad data".
package postgres

import (
	"context"
	"errors"
	"fmt"
	"runtime"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"
	"github.com/jackc/pgx/v5/pgxpool"

	"github.com/warroom/warroom-incident-app/pkg/store"
)

func init() {
	store.Register("postgres", func(ctx context.Context, cfg store.Config) (store.Store, error) {
		return Open(ctx, cfg.PostgresDSN)
	})
}

// Store is the PostgreSQL implementation of store.Store.
type Store struct {
	pool *pgxpool.Pool
}

var _ store.Store = (*Store)(nil)

// Open connects, checks the server answers, and migrates the schema.
func Open(ctx context.Context, dsn string) (*Store, error) {
	cfg, err := pgxpool.ParseConfig(dsn)
	if err != nil {
		// pgx redacts the password from its parse errors.
		return nil, fmt.Errorf("postgres: parse DSN: %w", err)
	}
	if cfg.MaxConns < 4 {
		cfg.MaxConns = int32(max(4, runtime.GOMAXPROCS(0))) // #nosec G115 -- GOMAXPROCS is a small positive count of CPUs
	}
	pool, err := pgxpool.NewWithConfig(ctx, cfg)
	if err != nil {
		return nil, fmt.Errorf("postgres: create pool: %w", err)
	}
	if err := pool.Ping(ctx); err != nil {
		pool.Close()
		return nil, fmt.Errorf("postgres: connect: %w", err)
	}
	if err := migrate(ctx, pool); err != nil {
		pool.Close()
		return nil, err
	}
	return &Store{pool: pool}, nil
}

// Ping checks that a connection can be used.
func (s *Store) Ping(ctx context.Context) error {
	if err := s.pool.Ping(ctx); err != nil {
		return fmt.Errorf("postgres: ping: %w", err)
	}
	return nil
}

// Close closes the pool; later calls fail with pgxpool's "closed pool" error.
func (s *Store) Close() error {
	s.pool.Close()
	return nil
}

const maxAttempts = 5

// inTx runs fn in a transaction, retrying it on transient conflicts. fn must
// be safe to run again from the start (it only sets its results on success).
func (s *Store) inTx(ctx context.Context, fn func(tx pgx.Tx) error) error {
	for attempt := 1; ; attempt++ {
		err := pgx.BeginTxFunc(ctx, s.pool, pgx.TxOptions{}, fn)
		if err == nil || attempt == maxAttempts || !retryable(err) {
			return err
		}
		select {
		case <-ctx.Done():
			return ctx.Err()
		case <-time.After(time.Duration(attempt*attempt) * 5 * time.Millisecond):
		}
	}
}

// read runs fn in a read-only REPEATABLE READ transaction, so the queries of
// a list (page and total) see one snapshot.
func (s *Store) read(ctx context.Context, fn func(tx pgx.Tx) error) error {
	return pgx.BeginTxFunc(ctx, s.pool, pgx.TxOptions{IsoLevel: pgx.RepeatableRead, AccessMode: pgx.ReadOnly}, fn)
}

func retryable(err error) bool {
	var pgErr *pgconn.PgError
	if !errors.As(err, &pgErr) {
		return false
	}
	switch pgErr.Code {
	case "40001", "40P01", "23505": // serialization_failure, deadlock_detected, unique_violation
		return true
	}
	return false
}
