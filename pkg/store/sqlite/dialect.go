package sqlite

import (
	"context"
	"database/sql"
	"errors"
	"time"

	"modernc.org/sqlite"
	sqlite3 "modernc.org/sqlite/lib"

	"github.com/warroom/warroom-incident-app/pkg/store/sqlstore"
)

// dialect is how SQLite differs. One writer connection serialises every
// write of the process, and BEGIN IMMEDIATE (the writer's DSN) with
// busy_timeout makes another process wait for the file: there are no row
// locks to take, no lost races to retry, no migration lock to hold.
type dialect struct{}

var _ sqlstore.Dialect = dialect{}

func (dialect) Name() string               { return "sqlite" }
func (dialect) Rebind(query string) string { return query }

// Time is UTC microseconds since the epoch: exact, compact, and ordered the
// same way numerically as in time.
func (dialect) Time(t time.Time) any { return t.UnixMicro() }

func (dialect) RowLock(string) string  { return "" }
func (dialect) Retryable(error) bool   { return false }
func (dialect) ReadTx() *sql.TxOptions { return &sql.TxOptions{ReadOnly: true} }
func (dialect) ArrayParams() bool      { return false }
func (dialect) JSONWithout(col, key string) string {
	return "json_remove(" + col + ", '$." + key + "')"
}

// JSONOnly: json() marks the extracted text as JSON, so json_object nests
// it rather than quoting it.
func (dialect) JSONOnly(col, key string) string {
	return "json_object('" + key + "', json(json_extract(" + col + ", '$." + key + "')))"
}

func (dialect) UniqueViolation(err error) bool {
	var e *sqlite.Error
	if !errors.As(err, &e) {
		return false
	}
	return e.Code() == sqlite3.SQLITE_CONSTRAINT_UNIQUE || e.Code() == sqlite3.SQLITE_CONSTRAINT_PRIMARYKEY
}

// EventsByKind names the index: without statistics SQLite prefers the
// primary key and filters the kinds row by row, reading every note of a
// long timeline.
func (dialect) EventsByKind() string { return "events e INDEXED BY events_kind" }

func (dialect) Indexed(table, index string) string { return table + " INDEXED BY " + index }

func (d dialect) EventsOfEach(page, cond string) string {
	return d.EventsByKind() + ` JOIN (` + page + `) p ON e.org_id = p.org_id AND e.incident_id = p.id
		WHERE 1 = 1` + cond
}

func (dialect) Words() sqlstore.Words {
	return sqlstore.Words{Int: "INTEGER", Int32: "INTEGER", Int16: "INTEGER", Text: "TEXT", Key: "TEXT",
		Time: "INTEGER", JSON: "TEXT", Bytes: "BLOB", Serial: "INTEGER PRIMARY KEY AUTOINCREMENT"}
}

// LockMigrations needs no lock: each migration's write transaction is
// BEGIN IMMEDIATE.
func (dialect) LockMigrations(context.Context, *sql.Conn) (func(), error) { return func() {}, nil }
