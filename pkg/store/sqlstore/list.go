package sqlstore

import (
	"context"
	"database/sql"
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
// details and all, to count them). The page is joined to the count's one
// row, so a page past the end still answers its total: a row of NULLs
// (page skips it).
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
	cols, colArgs := s.pageCols(f)
	page, err := s.page(ctx, s.readDB(), `SELECT p.*, c.total
		FROM (SELECT COUNT(*) AS total FROM incidents i WHERE `+where+`) c
		LEFT JOIN (SELECT `+cols+` FROM incidents i WHERE `+where+` ORDER BY `+orderSQL(f, "i")+` LIMIT ? OFFSET ?) p ON TRUE
		ORDER BY `+orderSQL(f, "p"),
		slices.Concat(args, colArgs, args, []any{limit, offset}), !f.TimersAt.IsZero())
	if err != nil {
		return store.Page{}, s.fail("list incidents", err)
	}
	return page, nil
}

// pageCols is the select list of a page of incidents i: incidentCols, then
// with f.TimersAt the stored timers where they hold at that time, else NULL
// (the projection's next due time is later; NULL, "dirty", never is). With
// f.WithoutPostmortem the post-mortem is left out of the details, except
// where the stored timers do not hold: the caller computes those rows, and
// a post-mortem timer reads the document (complete or not).
func (s *Store) pageCols(f store.Filter) (string, []any) {
	if f.TimersAt.IsZero() {
		return s.listCols(f.WithoutPostmortem), nil
	}
	at := s.at(f.TimersAt)
	stored := `CASE WHEN i.next_due_at > ? THEN i.timers_json END AS stored_timers`
	if !f.WithoutPostmortem {
		return incidentCols + `, ` + stored, []any{at}
	}
	return incidentColsBase + `CASE WHEN i.next_due_at > ? THEN ` + s.d.JSONWithout("details", "postmortem") +
		` ELSE details END AS details, ` + stored, []any{at, at}
}

// page reads rows of incident columns, then the stored timers (when
// withTimers), then the total. A row without an id (ListIncidents' page
// past the end, always alone) carries only the total.
func (s *Store) page(ctx context.Context, db dbtx, query string, args []any, withTimers bool) (store.Page, error) {
	page := store.Page{Items: []incident.Incident{}, Timers: map[string][]byte{}}
	rows, err := db.query(ctx, query, args...)
	if err != nil {
		return store.Page{}, err
	}
	defer rows.Close()
	for first := true; rows.Next(); first = false {
		if first { // the only row, if any, that can be a page past the end
			if empty, err := totalOnly(rows, &page.Total); err != nil || empty {
				return page, err
			}
		}
		var stored []byte
		extra := []any{&page.Total}
		if withTimers {
			extra = []any{&stored, &page.Total}
		}
		inc, err := scanIncident(withTrailing{rows, extra})
		if err != nil {
			return store.Page{}, err
		}
		page.Items = append(page.Items, inc)
		if stored != nil {
			page.Timers[inc.ID] = stored
		}
	}
	return page, rows.Err()
}

// totalOnly reads the last column into total when the row has no incident
// (its id, the second column, is NULL). database/sql keeps the row's values
// until Next, so the caller can scan the same row again.
func totalOnly(rows *sql.Rows, total *int) (bool, error) {
	cols, err := rows.Columns()
	if err != nil {
		return false, err
	}
	vals := make([]any, len(cols))
	for i := range vals {
		vals[i] = new(any)
	}
	if err := rows.Scan(vals...); err != nil {
		return false, err
	}
	if *(vals[1].(*any)) != nil {
		return false, nil
	}
	vals[len(vals)-1] = total
	return true, rows.Scan(vals...)
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
		cond, vals := s.servicesSQL(orgID, []string{f.Service})
		add(cond, vals...)
	}
	if !f.From.IsZero() {
		add("i.created_at >= ?", s.at(f.From))
	}
	if !f.To.IsZero() {
		add("i.created_at < ?", s.at(f.To))
	}
	return strings.Join(conds, " AND "), args
}

// servicesSQL is the condition that incident i has any of services. IN,
// not a correlated EXISTS: the by-service index yields the few matching
// ids instead of being probed once per incident of the org.
func (s *Store) servicesSQL(orgID int64, services []string) (string, []any) {
	cond, vals := in(s.d, "s.service", services)
	return `i.id IN (SELECT s.incident_id FROM incident_services s WHERE s.org_id = ? AND ` + cond + `)`,
		append([]any{orgID}, vals...)
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
func orderSQL(f store.Filter, alias string) string {
	cols := []string{"created_at"}
	switch f.Sort {
	case store.SortUpdated:
		cols = []string{"updated_at"}
	case store.SortSeverity:
		cols = []string{"severity", "created_at"}
	}
	dir := " ASC"
	if f.Desc {
		dir = " DESC"
	}
	return alias + "." + strings.Join(append(cols, "id"), dir+", "+alias+".") + dir
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
