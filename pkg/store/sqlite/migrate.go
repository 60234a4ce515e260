package sqlite

import (
	"context"
	"database/sql"
	"embed"
	"fmt"
	"time"

	"github.com/warroom/warroom-incident-app/pkg/store/internal/sqlcommon"
)

// Migrations are numbered files NNNN_name.sql, applied in order, each once,
// in its own transaction; schema_migrations records which ran. Never edit a
// released file: add the next number.
//
//go:embed migrations/*.sql
var migrationFiles embed.FS

func migrations() ([]sqlcommon.Migration, error) { return sqlcommon.Migrations(migrationFiles) }

// migrate brings the schema up to date. The writer's transactions are BEGIN
// IMMEDIATE, so two processes opening a new file at once apply each
// migration once: the second waits for the lock, then sees it recorded.
func migrate(ctx context.Context, db *sql.DB) error {
	ms, err := migrations()
	if err != nil {
		return fmt.Errorf("sqlite: read migrations: %w", err)
	}
	if _, err := db.ExecContext(ctx, `CREATE TABLE IF NOT EXISTS schema_migrations (
		version    INTEGER PRIMARY KEY,
		applied_at INTEGER NOT NULL)`); err != nil {
		return fmt.Errorf("sqlite: create schema_migrations: %w", err)
	}
	var newest int
	if err := db.QueryRowContext(ctx, `SELECT COALESCE(MAX(version), 0) FROM schema_migrations`).Scan(&newest); err != nil {
		return fmt.Errorf("sqlite: read schema version: %w", err)
	}
	if known := ms[len(ms)-1].Version; newest > known {
		// A newer plugin wrote this file; running old code on it could lose data.
		return fmt.Errorf("sqlite: database schema version %d is newer than this plugin's %d", newest, known)
	}
	for _, m := range ms {
		if err := apply(ctx, db, m); err != nil {
			return fmt.Errorf("sqlite: migration %s: %w", m.Name, err)
		}
	}
	return nil
}

func apply(ctx context.Context, db *sql.DB, m sqlcommon.Migration) error {
	tx, err := db.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer tx.Rollback() //nolint:errcheck // no-op after Commit
	var done int
	if err := tx.QueryRowContext(ctx, `SELECT COUNT(*) FROM schema_migrations WHERE version = ?`, m.Version).Scan(&done); err != nil {
		return err
	}
	if done > 0 {
		return nil
	}
	if _, err := tx.ExecContext(ctx, m.SQL); err != nil {
		return err
	}
	if _, err := tx.ExecContext(ctx, `INSERT INTO schema_migrations (version, applied_at) VALUES (?, ?)`,
		m.Version, time.Now().UTC().UnixMicro()); err != nil {
		return err
	}
	return tx.Commit()
}
