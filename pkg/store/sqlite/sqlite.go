// Package sqlite is the single-node Store: one file in Grafana's data path,
// pure Go (modernc.org/sqlite), nothing to install.
//
// Pool strategy: two *sql.DB on the same file.
//   - writer has exactly one connection. Every write transaction queues in
//     database/sql for that connection instead of racing for SQLite's write
//     lock, so 50 goroutines writing at once never see SQLITE_BUSY, and the
//     "read MAX(seq), then insert" and counter steps are serialised for free.
//     Its transactions still BEGIN IMMEDIATE (with busy_timeout) so that a
//     second process on the file (a CLI, a crash-test child) makes us wait
//     for the lock rather than fail on a read-to-write upgrade.
//   - reader has several query_only connections. WAL lets them read a
//     committed snapshot while the writer commits.
//
// Durability: WAL with synchronous=FULL fsyncs the WAL on every commit, so an
// acknowledged write survives a crash or power loss, not only a process kill.
package sqlite

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"net/url"
	"os"
	"path/filepath"
	"runtime"

	_ "modernc.org/sqlite" // registers the "sqlite" database/sql driver

	"github.com/warroom/warroom-incident-app/pkg/store"
)

func init() {
	store.Register("sqlite", func(ctx context.Context, cfg store.Config) (store.Store, error) {
		return Open(ctx, cfg.SQLitePath)
	})
}

// Store is the SQLite implementation of store.Store.
type Store struct {
	writer *sql.DB
	reader *sql.DB
}

var _ store.Store = (*Store)(nil)

// Open opens (creating if needed) the database file at path, its parent
// directory included, and brings the schema up to date.
func Open(ctx context.Context, path string) (*Store, error) {
	return open(ctx, path, "FULL")
}

// open lets benchmarks seed with synchronous=OFF; production is always FULL.
func open(ctx context.Context, path, synchronous string) (*Store, error) {
	if path == "" {
		return nil, errors.New("sqlite: no database path")
	}
	if err := os.MkdirAll(filepath.Dir(path), 0o750); err != nil {
		return nil, fmt.Errorf("%w: %w", store.ErrDataDir, err)
	}
	writer, err := sql.Open("sqlite", dsn(path, true, synchronous))
	if err != nil {
		return nil, fmt.Errorf("sqlite: open writer: %w", err)
	}
	writer.SetMaxOpenConns(1)
	writer.SetMaxIdleConns(1)
	writer.SetConnMaxLifetime(0)
	writer.SetConnMaxIdleTime(0)

	// The schema must exist before any reader looks at it, and journal_mode
	// WAL is persisted in the file by the first (writer) connection.
	if err := migrate(ctx, writer); err != nil {
		writer.Close()
		return nil, err
	}
	reader, err := sql.Open("sqlite", dsn(path, false, synchronous))
	if err != nil {
		writer.Close()
		return nil, fmt.Errorf("sqlite: open reader: %w", err)
	}
	n := max(4, runtime.GOMAXPROCS(0))
	reader.SetMaxOpenConns(n)
	reader.SetMaxIdleConns(n)
	return &Store{writer: writer, reader: reader}, nil
}

// dsn builds the connection string; the pragmas run on every new connection.
func dsn(path string, write bool, synchronous string) string {
	q := url.Values{}
	// busy_timeout first: the other pragmas may need a lock.
	q.Add("_pragma", "busy_timeout(10000)")
	q.Add("_pragma", "foreign_keys(1)")
	q.Add("_pragma", "synchronous("+synchronous+")")
	if write {
		q.Add("_pragma", "journal_mode(WAL)")
		q.Set("_txlock", "immediate")
	} else {
		q.Add("_pragma", "query_only(1)")
	}
	u := url.URL{Scheme: "file", Path: path, RawQuery: q.Encode()}
	return u.String()
}

// Ping checks both pools.
func (s *Store) Ping(ctx context.Context) error {
	if err := s.writer.PingContext(ctx); err != nil {
		return fmt.Errorf("sqlite: ping: %w", err)
	}
	if err := s.reader.PingContext(ctx); err != nil {
		return fmt.Errorf("sqlite: ping: %w", err)
	}
	return nil
}

// Close closes both pools. Later calls fail with database/sql's "database is
// closed" error.
func (s *Store) Close() error {
	return errors.Join(s.reader.Close(), s.writer.Close())
}

// write runs fn in one transaction on the single writer connection.
func (s *Store) write(ctx context.Context, fn func(tx *sql.Tx) error) error {
	tx, err := s.writer.BeginTx(ctx, nil)
	if err != nil {
		return fmt.Errorf("begin: %w", err)
	}
	if err := fn(tx); err != nil {
		_ = tx.Rollback() // the error of fn is the one worth reporting
		return err
	}
	if err := tx.Commit(); err != nil {
		return fmt.Errorf("commit: %w", err)
	}
	return nil
}

// read runs fn in one read transaction, so the queries of a list (page and
// total) see the same snapshot.
func (s *Store) read(ctx context.Context, fn func(tx *sql.Tx) error) error {
	tx, err := s.reader.BeginTx(ctx, &sql.TxOptions{ReadOnly: true})
	if err != nil {
		return fmt.Errorf("begin: %w", err)
	}
	defer tx.Rollback() //nolint:errcheck // read-only: nothing to undo
	return fn(tx)
}
