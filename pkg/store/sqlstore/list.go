package sqlstore

import (
	"context"
	"slices"
	"strings"

	"github.com/warroom/warroom-incident-app/pkg/incident"
	"github.com/warroom/warroom-incident-app/pkg/store"
)

const (
	defaultLimit = 50
	maxLimit     = 500
)

// ListIncidents returns one page and the number of incidents matching f,
// in one statement, so no transaction is needed for the two to agree: the
// total is an uncorrelated subquery, counted once on an index while the page
// stops at its limit (COUNT(*) OVER () would read every matching row,
// details and all, to count them). Only a page past the end, which has no
// row to carry the total, counts in a second statement.
//
// Order: Sort picks created_at (the default), updated_at or severity; Desc
// reverses it. Severity ascending (Desc=false) is P1→P4, most severe first,
// because the levels sort as text in severity order (byte order on both
// engines: PostgreSQL's sorted columns are COLLATE "C", whatever the
// cluster's locale). Ties break on id in the same direction, so pages never
// overlap or skip.
func (s *Store) ListIncidents(ctx context.Context, orgID int64, f store.Filter) (store.Page, error) {
	where, args := s.filterSQL(orgID, f)
	limit, offset := bounds(f)
	page := store.Page{Items: []incident.Incident{}}
	db := s.readDB()
	rows, err := db.query(ctx, `SELECT `+s.listCols(f.WithoutPostmortem)+`,
		(SELECT COUNT(*) FROM incidents i WHERE `+where+`)
		FROM incidents i WHERE `+where+` ORDER BY `+orderSQL(f)+` LIMIT ? OFFSET ?`,
		slices.Concat(args, args, []any{limit, offset})...)
	if err != nil {
		return store.Page{}, s.fail("list incidents", err)
	}
	defer rows.Close()
	for rows.Next() {
		inc, err := scanIncident(withTrailing{rows, []any{&page.Total}})
		if err != nil {
			return store.Page{}, s.fail("list incidents", err)
		}
		page.Items = append(page.Items, inc)
	}
	if err := rows.Err(); err != nil {
		return store.Page{}, s.fail("list incidents", err)
	}
	if len(page.Items) == 0 && offset > 0 {
		if err := db.row(ctx, `SELECT COUNT(*) FROM incidents i WHERE `+where, args...).Scan(&page.Total); err != nil {
			return store.Page{}, s.fail("count incidents", err)
		}
	}
	return page, nil
}

// withTrailing scans a row of incidentCols followed by more columns into
// extra.
type withTrailing struct {
	row   scanner
	extra []any
}

func (w withTrailing) Scan(dest ...any) error { return w.row.Scan(append(dest, w.extra...)...) }

// filterSQL renders f as a WHERE clause over incidents aliased i; always
// scoped to the org. Values are parameters, never spliced into the text.
func (s *Store) filterSQL(orgID int64, f store.Filter) (string, []any) {
	conds := []string{"i.org_id = ?"}
	args := []any{orgID}
	add := func(cond string, vals ...any) {
		conds = append(conds, cond)
		args = append(args, vals...)
	}
	if len(f.Statuses) > 0 {
		cond, vals := in(s.d, "i.status", texts(f.Statuses))
		add(cond, vals...)
		if !slices.Contains(f.Statuses, incident.Resolved) {
			// Implied by the IN list, but neither engine infers it from bound
			// values: said as a constant, it lets the planner use the partial
			// indexes of open incidents (migration 0012) for the order.
			add("i.status <> 'resolved'")
		}
	}
	if len(f.Severities) > 0 {
		cond, vals := in(s.d, "i.severity", texts(f.Severities))
		add(cond, vals...)
	}
	if f.Service != "" {
		// IN, not a correlated EXISTS: the by-service index yields the few
		// matching ids instead of being probed once per incident of the org.
		add(`i.id IN (SELECT s.incident_id FROM incident_services s
			WHERE s.org_id = ? AND s.service = ?)`, orgID, f.Service)
	}
	if !f.From.IsZero() {
		add("i.created_at >= ?", s.at(f.From))
	}
	if !f.To.IsZero() {
		add("i.created_at < ?", s.at(f.To))
	}
	return strings.Join(conds, " AND "), args
}

// texts is a list of string-like codes as plain strings, the type both
// engines bind.
func texts[T ~string](vals []T) []string {
	out := make([]string, len(vals))
	for i, v := range vals {
		out[i] = string(v)
	}
	return out
}

// orderSQL is built only from constants, never from input text. Within a
// severity level the order is by age: P1 first means the oldest P1 first,
// the one burning longest and nearest its deadlines (Filter.Sort).
func orderSQL(f store.Filter) string {
	cols := []string{"i.created_at"}
	switch f.Sort {
	case store.SortUpdated:
		cols = []string{"i.updated_at"}
	case store.SortSeverity:
		cols = []string{"i.severity", "i.created_at"}
	}
	dir := " ASC"
	if f.Desc {
		dir = " DESC"
	}
	return strings.Join(append(cols, "i.id"), dir+", ") + dir
}

// bounds applies the documented defaults: limit 1..500 (0 or less means 50),
// offset at least 0.
func bounds(f store.Filter) (limit, offset int) {
	limit = f.Limit
	if limit <= 0 {
		limit = defaultLimit
	}
	limit = min(limit, maxLimit)
	return limit, max(f.Offset, 0)
}
