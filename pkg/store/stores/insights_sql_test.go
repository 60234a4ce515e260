package stores_test

import (
	"context"
	"database/sql"
	"fmt"
	"strings"
	"time"

	"github.com/warroom/warroom-incident-app/pkg/insights"
	"github.com/warroom/warroom-incident-app/pkg/store"
	"github.com/warroom/warroom-incident-app/pkg/store/sqlstore"
)

// sqlGroups is the baseline of BenchmarkInsightsYear: the figures of
// GET /insights (groupBy=severity, bucket=week, tz=UTC) for q's range,
// computed by one statement over incident_insights on its (org_id,
// declared) index, straight from the definitions of docs/insights.md.
type sqlGroups struct {
	total  insights.Group
	groups []insights.Group         // by severity, P1 first
	weeks  map[int64]insights.Group // by the Unix second of the week's Monday 00:00 UTC
}

// sqlDialect is what the statement writes differently per engine.
type sqlDialect struct {
	// secs is to − from in seconds as a float (times are microseconds on
	// SQLite, timestamptz on PostgreSQL).
	secs  func(from, to string) string
	epoch func(col string) string // whole Unix seconds
	float string                  // a 64-bit float type
	at    func(time.Time) any
}

var sqlDialects = map[string]sqlDialect{
	"sqlite": {
		secs:  func(from, to string) string { return `(` + to + ` - ` + from + `) / 1000000.0` },
		epoch: func(col string) string { return col + ` / 1000000` },
		float: "REAL",
		at:    func(t time.Time) any { return t.UnixMicro() },
	},
	"postgres": {
		secs:  func(from, to string) string { return `CAST(EXTRACT(EPOCH FROM ` + to + ` - ` + from + `) AS float8)` },
		epoch: func(col string) string { return `CAST(FLOOR(EXTRACT(EPOCH FROM ` + col + `)) AS bigint)` },
		float: "float8",
		at:    func(t time.Time) any { return t },
	},
}

// measures are the four durations of a Group, as columns of the statement.
var measures = []string{"d", "a", "m", "v"}

// sqlStatement builds the statement. Each record is counted three times
// (kind 0: the total, 1: its severity, 2: its week), so one GROUP BY and
// one window per measure cover every group. Percentiles are nearest rank
// as insights.RankIndex: ROW_NUMBER among the group's non-NULL values (NULLs
// get a partition of their own), ceil(n/2) = (n+1)/2 and ceil(9n/10) =
// (9n+9)/10 in integers.
func sqlStatement(d sqlDialect) string {
	dur := func(from, to string) string { // never negative, NULL while "to" is
		return `CASE WHEN ` + to + ` IS NULL THEN NULL WHEN ` + to + ` > ` + from + ` THEN ` + d.secs(from, to) + ` ELSE 0 END`
	}
	// Weeks start on Monday; the Unix epoch was a Thursday, 3 days after one.
	week := d.epoch("declared") + ` - (` + d.epoch("declared") + ` + 259200) % 604800`
	// open_due is the sorted, comma-joined due dates of the open action
	// items: items not overdue are the last ones, each YYYY-MM-DD (empty
	// dates sort first), so they are counted from the end, 11 characters
	// apart.
	open := `CASE WHEN open_due IS NULL THEN 0 ELSE length(open_due) - length(replace(open_due, ',', '')) + 1 END`
	var notDue []string
	for k := 1; k <= store.MaxOpenDue; k++ {
		notDue = append(notDue, fmt.Sprintf(`CASE WHEN length(open_due) >= %d AND substr(open_due, length(open_due) - %d, 10) >= p.today THEN 1 ELSE 0 END`,
			11*k-1, 11*k-2))
	}
	var ranks, stats []string
	for _, x := range measures {
		w := `PARTITION BY kind, sev, wk, ` + x + ` IS NULL`
		ranks = append(ranks, `ROW_NUMBER() OVER (`+w+` ORDER BY `+x+`) AS `+x+`_rn, COUNT(`+x+`) OVER (PARTITION BY kind, sev, wk) AS `+x+`_n`)
		stats = append(stats, `COUNT(`+x+`), AVG(`+x+`), MAX(CASE WHEN `+x+`_rn = (`+x+`_n + 1) / 2 THEN `+x+` END),
			MAX(CASE WHEN `+x+`_rn = (9 * `+x+`_n + 9) / 10 THEN `+x+` END)`)
	}
	var outcomes []string
	for _, c := range []string{"respond", "resolve", "updates", "postmortem"} {
		for _, o := range []insights.Outcome{insights.Met, insights.Breached, insights.Pending} {
			outcomes = append(outcomes, `SUM(CASE WHEN `+c+` = '`+string(o)+`' THEN 1 ELSE 0 END)`)
		}
	}
	return `WITH p AS (SELECT CAST(? AS TEXT) AS today),
	r AS (SELECT severity, ` + week + ` AS week, resolved, reopened, respond, resolve, updates, postmortem,
			escalations, pages, action_items, ` + open + ` AS open_items,
			` + open + ` - (CASE WHEN open_due IS NULL THEN 0 ELSE ` + strings.Join(notDue, " + ") + ` END) AS overdue,
			` + dur("impact_start", "detected") + ` AS d, ` + dur("declared", "acknowledged") + ` AS a,
			` + dur("impact_start", "mitigated") + ` AS m, ` + dur("impact_start", "resolved") + ` AS v
		FROM incident_insights, p WHERE org_id = ? AND declared >= ? AND declared < ?),
	g AS (SELECT 0 AS kind, '' AS sev, 0 AS wk, r.* FROM r
		UNION ALL SELECT 1, severity, 0, r.* FROM r
		UNION ALL SELECT 2, '', week, r.* FROM r),
	ranked AS (SELECT g.*, ` + strings.Join(ranks, ",\n\t\t") + ` FROM g)
	SELECT kind, sev, wk, COUNT(*), SUM(CASE WHEN resolved IS NULL THEN 1 ELSE 0 END), COUNT(resolved),
		SUM(CASE WHEN reopened > 0 THEN 1 ELSE 0 END),
		` + strings.Join(stats, ",\n\t\t") + `,
		` + strings.Join(outcomes, ", ") + `,
		SUM(escalations), SUM(pages), CAST(SUM(escalations) AS ` + d.float + `) / COUNT(*), CAST(SUM(pages) AS ` + d.float + `) / COUNT(*),
		SUM(action_items), SUM(open_items), SUM(overdue)
	FROM ranked GROUP BY kind, sev, wk ORDER BY kind, sev, wk`
}

// sqlQuery runs the statement (sqlBaseline, prepared) for org 1 and q's range, judging
// overdue items on q.Now's UTC day.
func sqlQuery(ctx context.Context, statement *sql.Stmt, engine string, q insights.Query) (sqlGroups, error) {
	d := sqlDialects[engine]
	rows, err := statement.QueryContext(ctx, insights.Today(q.Now, time.UTC), 1, d.at(q.From), d.at(q.To))
	if err != nil {
		return sqlGroups{}, err
	}
	defer rows.Close()
	out := sqlGroups{groups: []insights.Group{}, weeks: map[int64]insights.Group{}}
	for rows.Next() {
		var (
			kind, week int64
			g          insights.Group
			stats      [4]struct {
				mean, median, p90 sql.NullFloat64
			}
			st = []*insights.Stat{&g.MTTD, &g.MTTA, &g.MTTM, &g.MTTR}
		)
		dest := []any{&kind, &g.Key, &week, &g.Incidents, &g.Open, &g.Resolved, &g.Reopened}
		for i := range st {
			dest = append(dest, &st[i].N, &stats[i].mean, &stats[i].median, &stats[i].p90)
		}
		for _, c := range []*insights.Compliance{&g.Respond, &g.Resolve, &g.Updates, &g.Postmortem} {
			dest = append(dest, &c.Met, &c.Breached, &c.Pending)
		}
		dest = append(dest, &g.Escalations, &g.Pages, &g.EscalationsPerIncident, &g.PagesPerIncident,
			&g.ActionItems, &g.ActionItemsOpen, &g.ActionItemsOverdue)
		if err := rows.Scan(dest...); err != nil {
			return sqlGroups{}, err
		}
		for i, s := range st { // NULL where N is 0: Stat's zero
			s.Mean, s.Median, s.P90 = stats[i].mean.Float64, stats[i].median.Float64, stats[i].p90.Float64
		}
		switch kind {
		case 0:
			out.total = g
		case 1:
			out.groups = append(out.groups, g)
		default:
			out.weeks[week] = g
		}
	}
	return out, rows.Err()
}

// report is the SQL's answer as the Report of the Go side's series: a week
// without incidents is all zeros. It fails on a week the series lacks.
func (s sqlGroups) report(series []insights.Point) (insights.Report, error) {
	rep := insights.Report{Total: s.total, Groups: s.groups, Series: make([]insights.Point, len(series))}
	seen := 0
	for i, p := range series {
		rep.Series[i].Start = p.Start
		if g, ok := s.weeks[p.Start.Unix()]; ok {
			rep.Series[i].Group, seen = g, seen+1
		}
	}
	if seen != len(s.weeks) {
		return rep, fmt.Errorf("SQL has %d weeks with incidents, the series has %d of them", len(s.weeks), seen)
	}
	return rep, nil
}

// sqlBaseline prepares the statement for the engine's placeholders.
func sqlBaseline(engine string) string {
	q := sqlStatement(sqlDialects[engine])
	if engine == "postgres" {
		q = sqlstore.DollarParams(q)
	}
	return q
}
