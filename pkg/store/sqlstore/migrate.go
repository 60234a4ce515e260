package sqlstore

import (
	"bytes"
	"context"
	"database/sql"
	"embed"
	"fmt"
	"sort"
	"strconv"
	"strings"
	"text/template"
	"time"
)

// Words are the type names migrations are written with ({{.Int}} …), so one
// file serves both engines. Each name gives the type each engine has always
// had for that column: the schema a migration creates is the one the
// per-engine files of earlier releases created, and databases they migrated
// carry on from the version schema_migrations records.
type Words struct {
	Int, Int32, Int16 string // 64-, 32- and 16-bit integers
	Text              string
	Key               string // text compared and sorted byte by byte
	Time              string // Dialect.Time's encoding
	JSON              string
	Bytes             string
	Serial            string // an auto-numbered 64-bit primary key
	// DefaultNow is schema_migrations.applied_at's default, with its
	// leading space, or "".
	DefaultNow string
}

// Migrations are numbered files NNNN_name.sql, applied in order, each once,
// in its own transaction; schema_migrations records which ran. Never edit a
// released file: add the next number.
//
//go:embed migrations/*.sql
var migrationFiles embed.FS

// migration is one numbered schema file, rendered with a dialect's words.
type migration struct {
	version int
	name    string
	sql     string
}

// migrations reads the embedded files in version order and renders them.
func migrations(w Words) ([]migration, error) {
	entries, err := migrationFiles.ReadDir("migrations")
	if err != nil {
		return nil, err
	}
	var out []migration
	for _, e := range entries {
		num, _, ok := strings.Cut(e.Name(), "_")
		v, err := strconv.Atoi(num)
		if !ok || err != nil || v < 1 {
			return nil, fmt.Errorf("migration %q is not named NNNN_name.sql", e.Name())
		}
		body, err := migrationFiles.ReadFile("migrations/" + e.Name())
		if err != nil {
			return nil, err
		}
		sql, err := render(e.Name(), string(body), w)
		if err != nil {
			return nil, err
		}
		out = append(out, migration{version: v, name: e.Name(), sql: sql})
	}
	sort.Slice(out, func(i, j int) bool { return out[i].version < out[j].version })
	return out, nil
}

func render(name, text string, w Words) (string, error) {
	t, err := template.New(name).Option("missingkey=error").Parse(text)
	if err != nil {
		return "", err
	}
	var b bytes.Buffer
	if err := t.Execute(&b, w); err != nil {
		return "", err
	}
	return b.String(), nil
}

// Migrate brings the schema of db up to date, on one connection that holds
// the dialect's migration lock throughout. Each migration checks inside its
// own transaction that it has not run: where the lock is a no-op (SQLite),
// the write transaction's lock makes a second process opening a new file
// wait, then see the migration recorded.
func Migrate(ctx context.Context, d Dialect, db *sql.DB) error {
	if err := migrate(ctx, d, db); err != nil {
		return fmt.Errorf("%s: %w", d.Name(), err)
	}
	return nil
}

func migrate(ctx context.Context, d Dialect, db *sql.DB) error {
	w := d.Words()
	ms, err := migrations(w)
	if err != nil {
		return fmt.Errorf("read migrations: %w", err)
	}
	conn, err := db.Conn(ctx)
	if err != nil {
		return fmt.Errorf("migrate: %w", err)
	}
	defer conn.Close()
	unlock, err := d.LockMigrations(ctx, conn)
	if err != nil {
		return fmt.Errorf("take the migration lock: %w", err)
	}
	defer unlock()
	c := dbtx{run: conn, d: d}
	if _, err := c.exec(ctx, `CREATE TABLE IF NOT EXISTS schema_migrations (
		version    `+w.Int32+` PRIMARY KEY,
		applied_at `+w.Time+` NOT NULL`+w.DefaultNow+`)`); err != nil {
		return fmt.Errorf("create schema_migrations: %w", err)
	}
	var newest int
	if err := c.row(ctx, `SELECT COALESCE(MAX(version), 0) FROM schema_migrations`).Scan(&newest); err != nil {
		return fmt.Errorf("read schema version: %w", err)
	}
	if known := ms[len(ms)-1].version; newest > known {
		// A newer plugin (another instance mid-upgrade) wrote this schema;
		// running old code on it could lose data.
		return fmt.Errorf("database schema version %d is newer than this plugin's %d", newest, known)
	}
	for _, m := range ms {
		if m.version <= newest {
			continue
		}
		if err := apply(ctx, d, conn, m); err != nil {
			return fmt.Errorf("migration %s: %w", m.name, err)
		}
	}
	return nil
}

func apply(ctx context.Context, d Dialect, conn *sql.Conn, m migration) error {
	tx, err := conn.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer tx.Rollback() //nolint:errcheck // no-op after Commit
	t := dbtx{run: tx, d: d}
	var done int
	if err := t.row(ctx, `SELECT COUNT(*) FROM schema_migrations WHERE version = ?`, m.version).Scan(&done); err != nil {
		return err
	}
	if done > 0 {
		return nil
	}
	// Run as written: no arguments, so PostgreSQL takes the several
	// statements of a file in one simple-protocol call.
	if _, err := tx.ExecContext(ctx, m.sql); err != nil {
		return err
	}
	if _, err := t.exec(ctx, `INSERT INTO schema_migrations (version, applied_at) VALUES (?, ?)`,
		m.version, d.Time(time.Now().UTC().Truncate(time.Microsecond))); err != nil {
		return err
	}
	return tx.Commit()
}
