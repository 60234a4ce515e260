package postgres

import (
	"context"
	"fmt"
	"strconv"
	"strings"

	"github.com/jackc/pgx/v5"

	"github.com/warroom/warroom-incident-app/pkg/incident"
	"github.com/warroom/warroom-incident-app/pkg/store"
)

const (
	defaultLimit = 50
	maxLimit     = 500
)

// ListIncidents returns one page and the number of incidents matching f.
//
// Order: Sort picks created_at (the default), updated_at or severity; Desc
// reverses it. Severity ascending (Desc=false) is P1→P4, most severe first,
// because the levels sort as text in severity order (COLLATE "C" columns,
// so the order is byte order, as in SQLite, whatever the cluster's locale).
// Ties break on id in the same direction, so pages never overlap or skip.
func (s *Store) ListIncidents(ctx context.Context, orgID int64, f store.Filter) (store.Page, error) {
	where, args := filterSQL(orgID, f)
	limit, offset := bounds(f)
	page := store.Page{Items: []incident.Incident{}}
	err := s.read(ctx, func(tx pgx.Tx) error {
		if err := tx.QueryRow(ctx, `SELECT COUNT(*) FROM incidents i WHERE `+where, args...).Scan(&page.Total); err != nil {
			return fmt.Errorf("count: %w", err)
		}
		if offset >= page.Total {
			return nil
		}
		n := len(args)
		rows, err := tx.Query(ctx, `SELECT `+listCols(f)+` FROM incidents i WHERE `+where+
			` ORDER BY `+orderSQL(f)+` LIMIT $`+strconv.Itoa(n+1)+` OFFSET $`+strconv.Itoa(n+2),
			append(args, limit, offset)...)
		if err != nil {
			return fmt.Errorf("query: %w", err)
		}
		defer rows.Close()
		for rows.Next() {
			inc, err := scanIncident(rows)
			if err != nil {
				return err
			}
			page.Items = append(page.Items, inc)
		}
		return rows.Err()
	})
	if err != nil {
		return store.Page{}, fmt.Errorf("postgres: list incidents: %w", err)
	}
	return page, nil
}

// filterSQL renders f as a WHERE clause over incidents aliased i; always
// scoped to the org. Values are parameters, never spliced into the text.
func filterSQL(orgID int64, f store.Filter) (string, []any) {
	args := []any{orgID}
	arg := func(v any) string {
		args = append(args, v)
		return "$" + strconv.Itoa(len(args))
	}
	conds := []string{"i.org_id = $1"}
	if len(f.Statuses) > 0 {
		ss := make([]string, len(f.Statuses))
		for i, st := range f.Statuses {
			ss[i] = string(st)
		}
		conds = append(conds, "i.status = ANY("+arg(ss)+"::text[])")
	}
	if len(f.Severities) > 0 {
		ss := make([]string, len(f.Severities))
		for i, sv := range f.Severities {
			ss[i] = string(sv)
		}
		conds = append(conds, "i.severity = ANY("+arg(ss)+"::text[])")
	}
	if f.Service != "" {
		// IN, not a correlated EXISTS: the by-service index yields the few
		// matching ids instead of being probed once per incident of the org.
		conds = append(conds, `i.id IN (SELECT s.incident_id FROM incident_services s
			WHERE s.org_id = $1 AND s.service = `+arg(f.Service)+`)`)
	}
	if !f.From.IsZero() {
		conds = append(conds, "i.created_at >= "+arg(ts(f.From)))
	}
	if !f.To.IsZero() {
		conds = append(conds, "i.created_at < "+arg(ts(f.To)))
	}
	return strings.Join(conds, " AND "), args
}

// orderSQL is built only from constants, never from input text.
func orderSQL(f store.Filter) string {
	col := "i.created_at"
	switch f.Sort {
	case store.SortUpdated:
		col = "i.updated_at"
	case store.SortSeverity:
		col = "i.severity"
	}
	dir := " ASC"
	if f.Desc {
		dir = " DESC"
	}
	return col + dir + ", i.id" + dir
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

// listCols picks the columns of a list page.
func listCols(f store.Filter) string {
	if f.WithoutPostmortem {
		return incidentColsLean
	}
	return incidentCols
}
