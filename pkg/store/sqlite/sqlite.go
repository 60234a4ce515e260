// Package sqlite opens the single-node store: one file in Grafana's data
// path, pure Go (modernc.org/sqlite), nothing to install. The store itself
// is package sqlstore; this package opens the file and says how SQLite
// differs (dialect.go).
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
	"github.com/warroom/warroom-incident-app/pkg/store/sqlstore"
)

// Open opens (creating if needed) the database file at path, its parent
// directory included, and brings the schema up to date.
func Open(ctx context.Context, path string) (*sqlstore.Store, error) {
	return open(ctx, path, "FULL")
}

// open lets benchmarks seed with synchronous=OFF; production is always FULL.
func open(ctx context.Context, path, synchronous string) (*sqlstore.Store, error) {
	writer, reader, err := openPools(ctx, path, synchronous)
	if err != nil {
		return nil, err
	}
	return sqlstore.New(dialect{}, writer, reader), nil
}

// openPools opens the writer, migrates the schema on it, then opens the
// readers.
func openPools(ctx context.Context, path, synchronous string) (writer, reader *sql.DB, err error) {
	if path == "" {
		return nil, nil, errors.New("sqlite: no database path")
	}
	if err := os.MkdirAll(filepath.Dir(path), 0o750); err != nil {
		return nil, nil, fmt.Errorf("%w: %w", store.ErrDataDir, err)
	}
	writer, err = sql.Open("sqlite", dsn(path, true, synchronous))
	if err != nil {
		return nil, nil, fmt.Errorf("sqlite: open writer: %w", err)
	}
	writer.SetMaxOpenConns(1)
	writer.SetMaxIdleConns(1)
	writer.SetConnMaxLifetime(0)
	writer.SetConnMaxIdleTime(0)

	// The schema must exist before any reader looks at it, and journal_mode
	// WAL is persisted in the file by the first (writer) connection.
	if err := sqlstore.Migrate(ctx, dialect{}, writer); err != nil {
		writer.Close()
		return nil, nil, err
	}
	reader, err = sql.Open("sqlite", dsn(path, false, synchronous))
	if err != nil {
		writer.Close()
		return nil, nil, fmt.Errorf("sqlite: open reader: %w", err)
	}
	n := max(4, runtime.GOMAXPROCS(0))
	reader.SetMaxOpenConns(n)
	reader.SetMaxIdleConns(n)
	return writer, reader, nil
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
