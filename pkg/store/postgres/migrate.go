package postgres

import (
	"context"
	"embed"
	"fmt"

	"github.com/warroom/warroom-incident-app/pkg/store/internal/sqlcommon"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"
)

// Migrations are numbered files NNNN_name.sql, applied in order, each once,
// in its own transaction; schema_migrations records which ran. Never edit a
// released file: add the next number.
//
//go:embed migrations/*.sql
var migrationFiles embed.FS

// migrationLock is the pg_advisory_lock key that serialises migrations of
// Grafana instances starting together (HA). Arbitrary, fixed forever.
const migrationLock int64 = 0x5741_5252_4f4f_4d01 // "WARROOM" + 1

func migrations() ([]sqlcommon.Migration, error) { return sqlcommon.Migrations(migrationFiles) }

// migrate brings the schema up to date while holding the advisory lock on
// one dedicated connection: the lock is per session, so the same session
// must take it, run every migration and release it.
func migrate(ctx context.Context, pool *pgxpool.Pool) (err error) {
	ms, err := migrations()
	if err != nil {
		return fmt.Errorf("postgres: read migrations: %w", err)
	}
	conn, err := pool.Acquire(ctx)
	if err != nil {
		return fmt.Errorf("postgres: migrate: %w", err)
	}
	defer conn.Release()
	if _, err := conn.Exec(ctx, `SELECT pg_advisory_lock($1)`, migrationLock); err != nil {
		return fmt.Errorf("postgres: take the migration lock: %w", err)
	}
	defer func() {
		if _, uerr := conn.Exec(context.WithoutCancel(ctx), `SELECT pg_advisory_unlock($1)`, migrationLock); uerr != nil {
			// Closing the session is what surely drops the lock; the pool
			// discards the closed connection on Release.
			_ = conn.Conn().Close(context.WithoutCancel(ctx))
		}
	}()
	if _, err := conn.Exec(ctx, `CREATE TABLE IF NOT EXISTS schema_migrations (
		version    integer PRIMARY KEY,
		applied_at timestamptz NOT NULL DEFAULT now())`); err != nil {
		return fmt.Errorf("postgres: create schema_migrations: %w", err)
	}
	var newest int
	if err := conn.QueryRow(ctx, `SELECT COALESCE(MAX(version), 0) FROM schema_migrations`).Scan(&newest); err != nil {
		return fmt.Errorf("postgres: read schema version: %w", err)
	}
	if known := ms[len(ms)-1].Version; newest > known {
		// A newer plugin (another HA instance mid-upgrade) owns this schema.
		return fmt.Errorf("postgres: database schema version %d is newer than this plugin's %d", newest, known)
	}
	for _, m := range ms {
		if m.Version <= newest {
			continue
		}
		err := pgx.BeginFunc(ctx, conn, func(tx pgx.Tx) error {
			if _, err := tx.Exec(ctx, m.SQL); err != nil {
				return err
			}
			_, err := tx.Exec(ctx, `INSERT INTO schema_migrations (version) VALUES ($1)`, m.Version)
			return err
		})
		if err != nil {
			return fmt.Errorf("postgres: migration %s: %w", m.Name, err)
		}
	}
	return nil
}
