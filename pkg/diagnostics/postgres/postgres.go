// Package postgres holds the PostgreSQL diagnostics of the runbooks: how
// full the connection slots are, who holds them, and which queries or idle
// sessions are the likely cause. Every check runs fixed SQL inside a READ
// ONLY transaction with a statement timeout, on its own short connection,
// so a diagnostic can neither change data nor pile onto a struggling server.
package postgres

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"

	"github.com/warroom/warroom-incident-app/pkg/diagnostics"
)

// Defaults of Options; the seeds' numbers.
const (
	DefaultWarnRatio        = 0.80
	DefaultCriticalRatio    = 0.90
	DefaultLongQuery        = 30 * time.Second
	DefaultIdleAge          = 10 * time.Minute
	DefaultStatementTimeout = 5 * time.Second
	maxRows                 = 50 // evidence tables stay readable
)

// Options are the thresholds; zero values take the defaults.
type Options struct {
	WarnRatio        float64       // connections / max_connections for a warning
	CriticalRatio    float64       // ... for critical
	LongQuery        time.Duration // a non-idle query older than this is "long-running"
	IdleAge          time.Duration // an idle session unchanged for longer is "stale"
	StatementTimeout time.Duration // SET LOCAL statement_timeout of every check
	// Targets bounds the connections per target; nil is the process's.
	Targets *Targets
}

func (o Options) withDefaults() Options {
	if o.WarnRatio <= 0 {
		o.WarnRatio = DefaultWarnRatio
	}
	if o.CriticalRatio <= 0 {
		o.CriticalRatio = DefaultCriticalRatio
	}
	if o.LongQuery <= 0 {
		o.LongQuery = DefaultLongQuery
	}
	if o.IdleAge <= 0 {
		o.IdleAge = DefaultIdleAge
	}
	if o.StatementTimeout <= 0 {
		o.StatementTimeout = DefaultStatementTimeout
	}
	if o.Targets == nil {
		o.Targets = ProcessTargets()
	}
	return o
}

// Checks returns the five PostgreSQL checks of a target.
func Checks(service string, t diagnostics.PostgresTarget, opts Options) []diagnostics.Check {
	o := opts.withDefaults()
	mk := func(id, title string, fn func(ctx context.Context, tx pgx.Tx, o Options, f *diagnostics.Finding) error) diagnostics.Check {
		return diagnostics.NewCheck(id, title+" ("+t.Name+")", service, func(ctx context.Context, f *diagnostics.Finding) error {
			// Safe: no driver text (host, user, database) reaches the finding.
			return Safe(inReadOnlyTx(ctx, o.Targets, t.DSN, o.StatementTimeout, f, func(tx pgx.Tx) error { return fn(ctx, tx, o, f) }))
		})
	}
	return []diagnostics.Check{
		mk(diagnostics.CheckPGConnections, "PostgreSQL connections vs max_connections", connections),
		mk(diagnostics.CheckPGConnectionsState, "PostgreSQL connections by state", connectionsByState),
		mk(diagnostics.CheckPGDatabaseBackends, "PostgreSQL backends per database", databaseBackends),
		mk(diagnostics.CheckPGLongQueries, "PostgreSQL long-running queries", longQueries),
		mk(diagnostics.CheckPGIdleConnections, "PostgreSQL idle connections", idleConnections),
	}
}

// Deps adapts Checks to diagnostics.Deps.Postgres.
func Deps(opts Options) func(service string, t diagnostics.PostgresTarget) []diagnostics.Check {
	return func(service string, t diagnostics.PostgresTarget) []diagnostics.Check {
		return Checks(service, t, opts)
	}
}

// inReadOnlyTx connects within the target's connection bound, opens a READ
// ONLY transaction, bounds every statement in it and always rolls back:
// nothing a check does can persist.
func inReadOnlyTx(ctx context.Context, ts *Targets, dsn string, timeout time.Duration, f *diagnostics.Finding, fn func(pgx.Tx) error) error {
	conn, closeConn, err := ts.Connect(ctx, dsn)
	if err != nil {
		return connectError(err, f)
	}
	defer closeConn()
	tx, err := conn.BeginTx(ctx, pgx.TxOptions{AccessMode: pgx.ReadOnly})
	if err != nil {
		return err
	}
	defer tx.Rollback(context.WithoutCancel(ctx)) //nolint:errcheck // read-only, nothing to keep
	// set_config(..., true) is SET LOCAL with a bound parameter.
	if _, err := tx.Exec(ctx, `SELECT set_config('statement_timeout', $1, true)`,
		fmt.Sprintf("%dms", timeout.Milliseconds())); err != nil {
		return err
	}
	return fn(tx)
}

// connectError turns "too many clients" into what it is for a responder:
// evidence of exhaustion, not a broken check.
func connectError(err error, f *diagnostics.Finding) error {
	var pgErr *pgconn.PgError
	if errors.As(err, &pgErr) && pgErr.Code == "53300" { // too_many_connections
		f.Status = diagnostics.StatusCritical
		f.Error = sqlstates["53300"]
		f.Summary = "PostgreSQL refuses new connections: " + sqlstates["53300"] + "."
		f.SetFact("connections_ratio", 1)
		f.SetFact("connection_refused", 1)
		return nil
	}
	return Safe(err)
}
