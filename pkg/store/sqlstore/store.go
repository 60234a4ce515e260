// Package sqlstore is the one SQL implementation of store.Store, on
// database/sql. Every query and its scanning is written here once; a Dialect
// says what SQLite and PostgreSQL do differently (placeholders, time
// encoding, row locks, retries, read snapshots, type names). The engine
// packages only open their connections and pick their dialect.
//
// Concurrency: every write runs in a transaction on the writer pool. On
// SQLite that pool has one connection, so writes are serialised in the
// process and "read MAX(seq), then insert" needs no lock. On PostgreSQL
// several instances write at READ COMMITTED: a write that reads before it
// writes locks the incident row first (Dialect.RowLock), the per-day id
// counter is an upsert whose row lock orders creates, and a transaction that
// lost a race (Dialect.Retryable) runs again a bounded number of times.
package sqlstore

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"

	"github.com/warroom/warroom-incident-app/pkg/store"
)

// Store implements store.Store over a writer and a reader pool.
type Store struct {
	d      Dialect
	writer *sql.DB
	reader *sql.DB
	// leanCols is incidentCols without details.postmortem
	// (Filter.WithoutPostmortem).
	leanCols string
	// linksCols is incidentCols with only details.links (During.LinksOnly).
	linksCols string
	// feed carries announcements between processes (PostgreSQL);
	// listeners are this process's Changes callers (changes.go).
	feed      Feed
	listeners listeners
}

var _ store.Store = (*Store)(nil)

// New wraps pools whose schema Migrate brought up to date. writer runs the
// write transactions, reader the reads; they may be the same pool.
func New(d Dialect, writer, reader *sql.DB) *Store {
	return &Store{d: d, writer: writer, reader: reader, leanCols: incidentColsBase + d.JSONWithout("details", "postmortem"),
		linksCols: incidentColsBase + d.JSONOnly("details", "links")}
}

// Listening makes the store announce its writes on feed and hear other
// processes' from it; call it before the store is used.
func (s *Store) Listening(feed Feed) *Store {
	s.feed = feed
	return s
}

// Ping checks that both pools can serve.
func (s *Store) Ping(ctx context.Context) error {
	if err := s.writer.PingContext(ctx); err != nil {
		return s.fail("ping", err)
	}
	if err := s.reader.PingContext(ctx); err != nil {
		return s.fail("ping", err)
	}
	return nil
}

// Close closes the pools; later calls fail with database/sql's "database is
// closed" error.
func (s *Store) Close() error {
	if s.reader == s.writer {
		return s.writer.Close()
	}
	return errors.Join(s.reader.Close(), s.writer.Close())
}

// fail names the engine and the operation in an error.
func (s *Store) fail(what string, err error) error {
	return fmt.Errorf("%s: %s: %w", s.d.Name(), what, err)
}

// dbtx runs the store's ? queries on a pool or transaction, rebound for the
// engine.
type dbtx struct {
	run interface {
		ExecContext(ctx context.Context, query string, args ...any) (sql.Result, error)
		QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error)
		QueryRowContext(ctx context.Context, query string, args ...any) *sql.Row
	}
	d Dialect
	// touched is set in write transactions (changes.go).
	touched *touched
}

func (t dbtx) exec(ctx context.Context, query string, args ...any) (sql.Result, error) {
	return t.run.ExecContext(ctx, t.d.Rebind(query), args...)
}

func (t dbtx) query(ctx context.Context, query string, args ...any) (*sql.Rows, error) {
	return t.run.QueryContext(ctx, t.d.Rebind(query), args...)
}

func (t dbtx) row(ctx context.Context, query string, args ...any) *sql.Row {
	return t.run.QueryRowContext(ctx, t.d.Rebind(query), args...)
}

// lock is d.RowLock with the leading space a clause needs.
func (t dbtx) lock(mode string) string {
	if l := t.d.RowLock(mode); l != "" {
		return " " + l
	}
	return ""
}

// readDB and writeDB run one statement outside a transaction.
func (s *Store) readDB() dbtx  { return dbtx{run: s.reader, d: s.d} }
func (s *Store) writeDB() dbtx { return dbtx{run: s.writer, d: s.d} }

const maxAttempts = 5

// write runs fn in one write transaction, again from the start when the
// dialect calls its failure a lost race. fn must be safe to rerun: it sets
// its results only on success. The incidents fn touched are announced
// (changes.go): on the feed inside the transaction, to this process's
// listeners once it committed.
func (s *Store) write(ctx context.Context, fn func(tx dbtx) error) error {
	for attempt := 1; ; attempt++ {
		var marks []store.Mark
		err := s.inTx(ctx, s.writer, nil, func(tx dbtx) error {
			tx.touched = &touched{}
			if err := fn(tx); err != nil {
				return err
			}
			var err error
			marks, err = s.announce(ctx, tx)
			return err
		})
		if err == nil {
			s.listeners.publish(marks)
			return nil
		}
		if attempt == maxAttempts || !s.d.Retryable(err) {
			return err
		}
		select {
		case <-ctx.Done():
			return ctx.Err()
		case <-time.After(time.Duration(attempt*attempt) * 5 * time.Millisecond):
		}
	}
}

// read runs fn in one read-only snapshot (Dialect.ReadTx), so the queries of
// one read (a timeline and its incident's existence) agree.
func (s *Store) read(ctx context.Context, fn func(tx dbtx) error) error {
	return s.inTx(ctx, s.reader, s.d.ReadTx(), fn)
}

func (s *Store) inTx(ctx context.Context, db *sql.DB, opts *sql.TxOptions, fn func(tx dbtx) error) error {
	tx, err := db.BeginTx(ctx, opts)
	if err != nil {
		return fmt.Errorf("begin: %w", err)
	}
	if err := fn(dbtx{run: tx, d: s.d}); err != nil {
		_ = tx.Rollback() // the error of fn is the one worth reporting
		return err
	}
	if err := tx.Commit(); err != nil {
		return fmt.Errorf("commit: %w", err)
	}
	return nil
}
