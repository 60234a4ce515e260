// Package postgres opens the store for Grafana in HA: every Grafana instance
// runs the back end against one shared PostgreSQL database. The store itself
// is package sqlstore; this package connects (pgx through database/sql) and
// says how PostgreSQL differs (dialect.go).
package postgres

import (
	"context"
	"database/sql"
	"fmt"
	"runtime"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"
	"github.com/jackc/pgx/v5/stdlib"

	"github.com/warroom/warroom-incident-app/pkg/store/sqlstore"
)

// Open connects, checks the server answers, and migrates the schema.
func Open(ctx context.Context, dsn string) (*sqlstore.Store, error) {
	db, cfg, err := openDB(dsn)
	if err != nil {
		return nil, err
	}
	if err := db.PingContext(ctx); err != nil {
		db.Close()
		return nil, fmt.Errorf("postgres: connect: %w", err)
	}
	if err := sqlstore.Migrate(ctx, dialect{}, db); err != nil {
		db.Close()
		return nil, err
	}
	// Reads and writes share the pool: the server, not the pool, orders
	// writers.
	return sqlstore.New(dialect{}, db, db).Listening(feed{conn: cfg}), nil
}

// openDB sizes the pool as the pgxpool of earlier releases did for the same
// DSN: its pool_* settings are honoured (and not sent to the server), and
// fewer than 4 connections means max(4, GOMAXPROCS).
// The connection settings come back for the feed's own connection.
func openDB(dsn string) (*sql.DB, *pgx.ConnConfig, error) {
	cfg, err := pgxpool.ParseConfig(dsn)
	if err != nil {
		// pgx redacts the password from its parse errors.
		return nil, nil, fmt.Errorf("postgres: parse DSN: %w", err)
	}
	conns := int(cfg.MaxConns)
	if conns < 4 {
		conns = max(4, runtime.GOMAXPROCS(0))
	}
	db := stdlib.OpenDB(*cfg.ConnConfig)
	db.SetMaxOpenConns(conns)
	db.SetMaxIdleConns(conns)
	db.SetConnMaxLifetime(cfg.MaxConnLifetime)
	db.SetConnMaxIdleTime(cfg.MaxConnIdleTime)
	return db, cfg.ConnConfig, nil
}
