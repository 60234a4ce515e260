package sqlstore

import (
	"context"
	"strings"
	"time"

	"github.com/warroom/warroom-incident-app/pkg/incident"
	"github.com/warroom/warroom-incident-app/pkg/store"
)

// IncidentsDuring reads the incidents open during [From, To] as three
// disjoint arms, each a range on an index, so a range late in a long
// history never walks the history before it:
//   - created in the range (incidents_created);
//   - created before it, resolved in or after it (incidents_resolved);
//   - created before it, still open (incidents_resolved, resolved_at NULL).
//
// One more row than limit tells whether more follow.
func (s *Store) IncidentsDuring(ctx context.Context, orgID int64, d store.During, limit int) ([]incident.Incident, bool, error) {
	limit = min(max(limit, 1), store.MaxDuring)
	// Room for the whole answer at once (at most MaxDuring+1 rows, 4 MB):
	// the table reads up to 10,000, and growing by copies cost it more than
	// the allocation (docs/benchmarks.md, "Data source").
	out := make([]incident.Incident, 0, limit+1)
	q, args := s.duringSQL(orgID, d, limit)
	rows, err := s.readDB().query(ctx, q, args...)
	if err != nil {
		return nil, false, s.fail("incidents during a range", err)
	}
	defer rows.Close()
	for rows.Next() {
		inc, err := scanIncident(rows)
		if err != nil {
			return nil, false, s.fail("incidents during a range", err)
		}
		out = append(out, inc)
	}
	if err := rows.Err(); err != nil {
		return nil, false, s.fail("incidents during a range", err)
	}
	if len(out) > limit {
		return out[:limit], true, nil
	}
	return out, false, nil
}

// CountDuring counts the three arms' ids, on the same indexes.
func (s *Store) CountDuring(ctx context.Context, orgID int64, d store.During) (int, error) {
	var n int
	q, args := s.countDuringSQL(orgID, d)
	if err := s.readDB().row(ctx, q, args...).Scan(&n); err != nil {
		return 0, s.fail("count incidents during a range", err)
	}
	return n, nil
}

// duringSQL is IncidentsDuring's query of one more row than limit.
func (s *Store) duringSQL(orgID int64, d store.During, limit int) (string, []any) {
	cols := s.leanCols
	if d.LinksOnly {
		cols = s.linksCols
	}
	arms, args := s.duringArms(orgID, d, cols, limit+1)
	return arms + ` ORDER BY created_at DESC, id DESC LIMIT ?`, append(args, limit+1)
}

func (s *Store) countDuringSQL(orgID int64, d store.During) (string, []any) {
	arms, args := s.duringArms(orgID, d, "id", 0)
	return `SELECT COUNT(*) FROM (` + arms + `) x`, args
}

// DuringSQL, CountDuringSQL and EventsDuringSQL are the queries
// IncidentsDuring, CountDuring and EventsDuring (for one batch of ids) run,
// in the engine's placeholders, with their arguments: test/bench runs them
// on the raw driver as the baseline of the data source, and
// docs/benchmarks.md shows their plans.
func (s *Store) DuringSQL(orgID int64, d store.During, limit int) (string, []any) {
	q, args := s.duringSQL(orgID, d, min(max(limit, 1), store.MaxDuring))
	return s.d.Rebind(q), args
}

func (s *Store) CountDuringSQL(orgID int64, d store.During) (string, []any) {
	q, args := s.countDuringSQL(orgID, d)
	return s.d.Rebind(q), args
}

func (s *Store) EventsDuringSQL(orgID int64, ids []string, kinds []incident.EventKind, from, to time.Time) (string, []any) {
	q, args := s.eventsOfSQL(orgID, ids, kinds, eventsDuringCond, s.at(from), s.at(to))
	return s.d.Rebind(q), args
}

// duringArms is the UNION ALL of the three arms selecting cols, with d's
// filters in each, and its arguments. With a limit, each arm reads at most
// that many in the final order, so PostgreSQL walks an index for a page
// instead of reading the whole range and sorting it for every page.
func (s *Store) duringArms(orgID int64, d store.During, cols string, limit int) (string, []any) {
	from, to := s.at(d.From), s.at(d.To)
	arms := []struct {
		index, cond string
		args        []any
	}{
		{"incidents_created", "i.created_at >= ? AND i.created_at <= ?", []any{from, to}},
		{"incidents_resolved", "i.resolved_at >= ? AND i.created_at < ?", []any{from, from}},
		{"incidents_resolved", "i.resolved_at IS NULL AND i.created_at < ?", []any{from}},
	}
	// EXISTS, not the IN of a list's service filter (filterSQL): a range's
	// candidates are few and each is probed on the primary key, where IN
	// would first collect every incident the service ever had.
	const hasService = `EXISTS (SELECT 1 FROM incident_services s
		WHERE s.org_id = i.org_id AND s.incident_id = i.id AND s.service = ?)`
	filter, filterArgs := "i.org_id = ?", []any{orgID}
	if d.Service != "" {
		filter += " AND " + hasService
		filterArgs = append(filterArgs, d.Service)
	}
	if d.Severity != "" {
		filter += " AND i.severity = ?"
		filterArgs = append(filterArgs, string(d.Severity))
	}
	if d.Tag != "" {
		filter += " AND (i.id = ? OR i.severity = ? OR " + hasService + ")"
		filterArgs = append(filterArgs, d.Tag, d.Tag, d.Tag)
	}
	if d.After != nil {
		at := s.at(d.After.CreatedAt)
		// A row value: both engines read it as a range on the index.
		filter += ` AND (i.created_at, i.id) < (?, ?)`
		filterArgs = append(filterArgs, at, d.After.ID)
	}
	var parts []string
	var args []any
	for _, a := range arms {
		arm := `SELECT ` + cols + ` FROM ` + s.d.Indexed("incidents i", a.index) + ` WHERE ` + filter + ` AND ` + a.cond
		args = append(append(args, filterArgs...), a.args...)
		if limit > 0 {
			arm = `SELECT * FROM (` + arm + ` ORDER BY i.created_at DESC, i.id DESC LIMIT ?) a`
			args = append(args, limit)
		}
		parts = append(parts, arm)
	}
	return strings.Join(parts, "\nUNION ALL\n"), args
}
