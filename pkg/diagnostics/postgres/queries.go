package postgres

import (
	"context"
	"fmt"
	"strconv"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/warroom/warroom-incident-app/pkg/diagnostics"
)

// clientBackends limits pg_stat_activity to sessions that use a connection
// slot; background workers would inflate the counts.
const clientBackends = `backend_type = 'client backend'`

func connections(ctx context.Context, tx pgx.Tx, o Options, f *diagnostics.Finding) error {
	var used, max, reserved int
	err := tx.QueryRow(ctx, `SELECT count(*) FILTER (WHERE `+clientBackends+`),
		current_setting('max_connections')::int, current_setting('superuser_reserved_connections')::int
		FROM pg_stat_activity`).Scan(&used, &max, &reserved)
	if err != nil {
		return err
	}
	ratio := Ratio(used, max)
	f.Status = RatioStatus(ratio, o)
	f.SetFact("connections", float64(used))
	f.SetFact("max_connections", float64(max))
	f.SetFact("connections_ratio", ratio)
	f.Summary = fmt.Sprintf("%d of %d connections in use (%s).", used, max, diagnostics.Pct(ratio))
	if f.Status != diagnostics.StatusOK {
		f.Summary = fmt.Sprintf("%d of %d connections in use (%s, %s threshold %s): the pool is close to exhaustion.",
			used, max, diagnostics.Pct(ratio), f.Status, diagnostics.Pct(threshold(f.Status, o)))
	}
	f.AddTable("Connections", []string{"in use", "max_connections", "superuser_reserved", "ratio"},
		[][]string{{itoa(used), itoa(max), itoa(reserved), fmt.Sprintf("%.2f", ratio)}})
	return nil
}

// Ratio is used/max, 0 when max is unknown.
func Ratio(used, max int) float64 {
	if max <= 0 {
		return 0
	}
	return float64(used) / float64(max)
}

// RatioStatus judges a connections ratio against the thresholds.
func RatioStatus(ratio float64, o Options) diagnostics.Status {
	o = o.withDefaults()
	switch {
	case ratio >= o.CriticalRatio:
		return diagnostics.StatusCritical
	case ratio >= o.WarnRatio:
		return diagnostics.StatusWarning
	}
	return diagnostics.StatusOK
}

func threshold(s diagnostics.Status, o Options) float64 {
	if s == diagnostics.StatusCritical {
		return o.CriticalRatio
	}
	return o.WarnRatio
}

func connectionsByState(ctx context.Context, tx pgx.Tx, _ Options, f *diagnostics.Finding) error {
	rows, err := query(ctx, tx, 2, `SELECT coalesce(state, '(none)'), count(*) FROM pg_stat_activity
		WHERE `+clientBackends+` GROUP BY 1 ORDER BY 2 DESC, 1`)
	if err != nil {
		return err
	}
	total := 0
	for _, r := range rows {
		n, _ := strconv.Atoi(r[1])
		total += n
		f.SetFact("connections_"+factName(r[0]), float64(n))
	}
	f.AddTable("Connections by state", []string{"state", "count"}, rows)
	f.Summary = fmt.Sprintf("%d client connections in %d states.", total, len(rows))
	if n := f.Facts["connections_idle_in_transaction"]; n > 0 {
		f.Status = diagnostics.StatusWarning
		f.Summary = fmt.Sprintf("%d client connections; %.0f idle in transaction (holding locks and a slot).", total, n)
	}
	return nil
}

func databaseBackends(ctx context.Context, tx pgx.Tx, _ Options, f *diagnostics.Finding) error {
	rows, err := query(ctx, tx, 2, `SELECT datname, numbackends FROM pg_stat_database
		WHERE datname IS NOT NULL ORDER BY numbackends DESC, datname LIMIT `+itoa(maxRows))
	if err != nil {
		return err
	}
	f.AddTable("Backends per database", []string{"database", "numbackends"}, rows)
	f.Summary = fmt.Sprintf("%d databases; no backends.", len(rows))
	if len(rows) > 0 {
		f.Summary = fmt.Sprintf("%d databases; most backends: %s with %s.", len(rows), rows[0][0], rows[0][1])
	}
	return nil
}

func longQueries(ctx context.Context, tx pgx.Tx, o Options, f *diagnostics.Finding) error {
	rows, err := query(ctx, tx, 6, `SELECT pid, round(extract(epoch FROM now() - query_start)::numeric, 1) || ' s',
		coalesce(state, ''), left(query, 200), coalesce(datname, ''), coalesce(usename, '')
		FROM pg_stat_activity
		WHERE state <> 'idle' AND pid <> pg_backend_pid() AND now() - query_start > $1 * interval '1 second'
		ORDER BY now() - query_start DESC LIMIT `+itoa(maxRows), o.LongQuery.Seconds())
	if err != nil {
		return err
	}
	f.SetFact("long_queries", float64(len(rows)))
	f.AddSensitiveTable("Queries running longer than "+o.LongQuery.String(),
		[]string{"pid", "duration", "state", "query", "database", "user"}, rows)
	f.Summary = "No query has been running longer than " + o.LongQuery.String() + "."
	if len(rows) > 0 {
		f.Status = diagnostics.StatusWarning
		f.Summary = fmt.Sprintf("%d queries running longer than %s; the longest (pid %s) for %s.",
			len(rows), o.LongQuery, rows[0][0], rows[0][1])
	}
	return nil
}

func idleConnections(ctx context.Context, tx pgx.Tx, o Options, f *diagnostics.Finding) error {
	rows, err := query(ctx, tx, 5, `SELECT pid, coalesce(datname, ''), coalesce(usename, ''),
		coalesce(application_name, ''), round(extract(epoch FROM now() - state_change)::numeric) || ' s'
		FROM pg_stat_activity
		WHERE state = 'idle' AND pid <> pg_backend_pid() AND now() - state_change > $1 * interval '1 second'
		ORDER BY state_change LIMIT `+itoa(maxRows), o.IdleAge.Seconds())
	if err != nil {
		return err
	}
	f.SetFact("idle_connections", float64(len(rows)))
	f.AddTable("Idle longer than "+o.IdleAge.String(),
		[]string{"pid", "database", "user", "application", "idle for"}, rows)
	f.Summary = "No connection has been idle longer than " + o.IdleAge.String() + "."
	if len(rows) > 0 {
		f.Status = diagnostics.StatusWarning
		f.Summary = fmt.Sprintf("%d connections idle longer than %s (candidates for terminate-idle-backends).", len(rows), o.IdleAge)
	}
	return nil
}

// query returns every row as text, the form evidence is kept in.
func query(ctx context.Context, tx pgx.Tx, cols int, sql string, args ...any) ([][]string, error) {
	rows, err := tx.Query(ctx, sql, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := [][]string{}
	for rows.Next() {
		vals, err := rows.Values()
		if err != nil {
			return nil, err
		}
		row := make([]string, cols)
		for i := range cols {
			row[i] = text(vals[i])
		}
		out = append(out, row)
	}
	return out, rows.Err()
}

func text(v any) string {
	switch x := v.(type) {
	case nil:
		return ""
	case string:
		return x
	case time.Time:
		return x.UTC().Format(time.RFC3339)
	}
	return fmt.Sprint(v)
}

func factName(state string) string {
	b := []byte(state)
	for i, c := range b {
		if (c < 'a' || c > 'z') && (c < '0' || c > '9') {
			b[i] = '_'
		}
	}
	return string(b)
}

func itoa(n int) string { return strconv.Itoa(n) }
