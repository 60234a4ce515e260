package sqlstore

import (
	"context"
	"database/sql"
	"strconv"
	"strings"
	"time"
)

// Dialect is everything the store does differently on one engine. The
// queries are written once with ? placeholders and portable SQL; the
// dialect supplies the words that differ. How a write transaction starts
// (SQLite's BEGIN IMMEDIATE, PostgreSQL's READ COMMITTED) is set where the
// engine opens its connections, so it is no method here.
type Dialect interface {
	// Name prefixes the store's errors ("sqlite", "postgres").
	Name() string
	// Rebind turns the ? placeholders a query is written with into the
	// engine's own.
	Rebind(query string) string
	// Time is the value a time column is written with. timeCol reads both
	// encodings back.
	Time(t time.Time) any
	// RowLock is the clause that locks the rows a SELECT reads until commit
	// (mode "NO KEY UPDATE", "UPDATE", "UPDATE SKIP LOCKED"), or "" where a
	// single writer connection serialises every write anyway.
	RowLock(mode string) string
	// Retryable says a write transaction lost a race with another one
	// (serialisation failure, deadlock, duplicate key) and may run again.
	Retryable(err error) bool
	// UniqueViolation says err is a duplicate key.
	UniqueViolation(err error) bool
	// ReadTx is how a read of several queries (a timeline and the check
	// that its incident exists) takes one snapshot.
	ReadTx() *sql.TxOptions
	// ArrayParams says a Go slice binds as one array parameter, so a list of
	// values is "= ANY(?)" rather than "IN (?, ?, …)".
	ArrayParams() bool
	// JSONWithout is the JSON column col without its top-level key.
	JSONWithout(col, key string) string
	// JSONOnly is the JSON object of col's top-level key alone ({key:
	// null} when col lacks it).
	JSONOnly(col, key string) string
	// EventsByKind is the FROM of "events e" for a query filtered on
	// e.kind, where the engine must be told to use the index events_kind.
	EventsByKind() string
	// Indexed is the FROM of table (with its alias) read through index,
	// where the engine must be told: SQLite has no statistics and, between
	// two indexes with a range each, may pick the one that walks the org's
	// whole history.
	Indexed(table, index string) string
	// EventsOfEach is the FROM and WHERE of the events e matching cond (" AND
	// …") of each incident the subquery page (org_id, id) lists.
	EventsOfEach(page, cond string) string
	// Words are the type names migrations are written with.
	Words() Words
	// LockMigrations keeps other processes from migrating the database until
	// unlock, on the connection the migrations run on.
	LockMigrations(ctx context.Context, conn *sql.Conn) (unlock func(), err error)
}

// DollarParams rewrites ? placeholders as $1, $2, … (PostgreSQL). A ? inside
// a quoted literal is left alone.
func DollarParams(query string) string {
	var b strings.Builder
	b.Grow(len(query) + 16)
	n, quoted := 0, false
	for i := 0; i < len(query); i++ {
		switch c := query[i]; {
		case c == '\'':
			quoted = !quoted
			b.WriteByte(c)
		case c == '?' && !quoted:
			n++
			b.WriteByte('$')
			b.WriteString(strconv.Itoa(n))
		default:
			b.WriteByte(c)
		}
	}
	return b.String()
}

// in renders "expr IN (?, …)" and its arguments, or "expr = ANY(?)" with one
// array argument where the engine binds slices.
func in[T any](d Dialect, expr string, vals []T) (string, []any) {
	if d.ArrayParams() {
		return expr + " = ANY(?)", []any{vals}
	}
	args := make([]any, len(vals))
	for i, v := range vals {
		args[i] = v
	}
	return expr + " IN (?" + strings.Repeat(", ?", len(vals)-1) + ")", args
}
