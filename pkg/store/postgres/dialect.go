package postgres

import (
	"context"
	"database/sql"
	"database/sql/driver"
	"errors"
	"time"

	"github.com/jackc/pgx/v5/pgconn"

	"github.com/warroom/warroom-incident-app/pkg/store/sqlstore"
)

// dialect is how PostgreSQL differs. Write transactions run at the
// server's READ COMMITTED: a write that reads before it writes locks the
// rows it read (RowLock), and serialisation failures, deadlocks and unique
// violations are retried a bounded number of times, since they mean
// "another instance got there first", not "bad data".
type dialect struct{}

var _ sqlstore.Dialect = dialect{}

func (dialect) Name() string               { return "postgres" }
func (dialect) Rebind(query string) string { return sqlstore.DollarParams(query) }

// Time is a timestamptz, which keeps the microseconds the store promises.
func (dialect) Time(t time.Time) any { return t }

func (dialect) RowLock(mode string) string { return "FOR " + mode }

func (dialect) Retryable(err error) bool {
	switch code(err) {
	case "40001", "40P01", "23505": // serialization_failure, deadlock_detected, unique_violation
		return true
	}
	return false
}

func (dialect) UniqueViolation(err error) bool { return code(err) == "23505" }

func code(err error) string {
	var pgErr *pgconn.PgError
	if !errors.As(err, &pgErr) {
		return ""
	}
	return pgErr.Code
}

// ReadTx is one REPEATABLE READ snapshot.
func (dialect) ReadTx() *sql.TxOptions {
	return &sql.TxOptions{Isolation: sql.LevelRepeatableRead, ReadOnly: true}
}

func (dialect) ArrayParams() bool                  { return true }
func (dialect) JSONWithout(col, key string) string { return col + " - '" + key + "'" }
func (dialect) JSONOnly(col, key string) string {
	return "jsonb_build_object('" + key + "', " + col + " -> '" + key + "')"
}
func (dialect) EventsByKind() string { return "events e" }

// Indexed leaves the choice to the planner, which has statistics.
func (dialect) Indexed(table, _ string) string { return table }

// EventsOfEach looks the events up per incident: LATERAL keeps the planner
// from a hash join over the whole events table, which it picks when its
// statistics see few timer events.
func (dialect) EventsOfEach(page, cond string) string {
	return `(` + page + `) p CROSS JOIN LATERAL (SELECT * FROM events e
		WHERE e.org_id = p.org_id AND e.incident_id = p.id` + cond + `) e`
}

// Words: COLLATE "C" keys sort byte by byte, as in SQLite, whatever the
// cluster's locale.
func (dialect) Words() sqlstore.Words {
	return sqlstore.Words{Int: "bigint", Int32: "integer", Int16: "smallint", Text: "text", Key: `text COLLATE "C"`,
		Time: "timestamptz", JSON: "jsonb", Bytes: "bytea", Serial: "bigserial PRIMARY KEY", DefaultNow: " DEFAULT now()"}
}

// migrationLock is the pg_advisory_lock key that serialises migrations of
// Grafana instances starting together (HA). Arbitrary, fixed forever.
const migrationLock int64 = 0x5741_5252_4f4f_4d01 // "WARROOM" + 1

// LockMigrations takes the advisory lock on conn: the lock is per session,
// so the session that takes it runs every migration and releases it.
func (dialect) LockMigrations(ctx context.Context, conn *sql.Conn) (func(), error) {
	if _, err := conn.ExecContext(ctx, `SELECT pg_advisory_lock($1)`, migrationLock); err != nil {
		return nil, err
	}
	return func() {
		if _, err := conn.ExecContext(context.WithoutCancel(ctx), `SELECT pg_advisory_unlock($1)`, migrationLock); err != nil {
			// Closing the session is what surely drops the lock:
			// database/sql discards a connection that reports ErrBadConn.
			_ = conn.Raw(func(any) error { return driver.ErrBadConn })
		}
	}, nil
}
