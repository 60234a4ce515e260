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
// One more row than limit tells whether the count is needed at all.
func (s *Store) IncidentsDuring(ctx context.Context, orgID int64, d store.During, limit int) (store.Page, error) {
	limit = min(max(limit, 1), store.MaxDuring)
	page := store.Page{Items: []incident.Incident{}}
	err := s.read(ctx, func(tx dbtx) error {
		page.Items = page.Items[:0]
		q, args := s.duringSQL(orgID, d, limit)
		rows, err := tx.query(ctx, q, args...)
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			inc, err := scanIncident(rows)
			if err != nil {
				return err
			}
			page.Items = append(page.Items, inc)
		}
		if err := rows.Err(); err != nil {
			return err
		}
		if page.Total = len(page.Items); page.Total <= limit {
			return nil
		}
		page.Items = page.Items[:limit]
		arms, armArgs := s.duringArms(orgID, d, "id")
		return tx.row(ctx, `SELECT COUNT(*) FROM (`+arms+`) x`, armArgs...).Scan(&page.Total)
	})
	if err != nil {
		return store.Page{}, s.fail("incidents during a range", err)
	}
	return page, nil
}

// duringSQL is IncidentsDuring's query of one more row than limit.
func (s *Store) duringSQL(orgID int64, d store.During, limit int) (string, []any) {
	arms, args := s.duringArms(orgID, d, s.leanCols)
	return arms + ` ORDER BY created_at DESC, id DESC LIMIT ?`, append(args, limit+1)
}

// DuringSQL and EventsDuringSQL are the queries IncidentsDuring and
// EventsDuring (for one batch of ids) run, in the engine's placeholders,
// with their arguments: test/bench runs them on the raw driver as the
// baseline of the data source, and docs/benchmarks.md shows their plans.
func (s *Store) DuringSQL(orgID int64, d store.During, limit int) (string, []any) {
	q, args := s.duringSQL(orgID, d, min(max(limit, 1), store.MaxDuring))
	return s.d.Rebind(q), args
}

func (s *Store) EventsDuringSQL(orgID int64, ids []string, kinds []incident.EventKind, from, to time.Time) (string, []any) {
	q, args := s.eventsOfSQL(orgID, ids, kinds, eventsDuringCond, s.at(from), s.at(to))
	return s.d.Rebind(q), args
}

// duringArms is the UNION ALL of the three arms selecting cols, with d's
// filters in each, and its arguments.
func (s *Store) duringArms(orgID int64, d store.During, cols string) (string, []any) {
	from, to := s.at(d.From), s.at(d.To)
	arms := []struct {
		index, cond string
		args        []any
	}{
		{"incidents_created", "i.created_at >= ? AND i.created_at <= ?", []any{from, to}},
		{"incidents_resolved", "i.resolved_at >= ? AND i.created_at < ?", []any{from, from}},
		{"incidents_resolved", "i.resolved_at IS NULL AND i.created_at < ?", []any{from}},
	}
	// The org, service and severity as a list filters them; the tag is the
	// data source's own.
	f := store.Filter{Service: d.Service}
	if d.Severity != "" {
		f.Severities = []incident.Severity{d.Severity}
	}
	filter, filterArgs := s.filterSQL(orgID, f)
	if d.Tag != "" {
		filter += ` AND (i.id = ? OR i.severity = ? OR i.id IN (SELECT s.incident_id FROM incident_services s
			WHERE s.org_id = ? AND s.service = ?))`
		filterArgs = append(filterArgs, d.Tag, d.Tag, orgID, d.Tag)
	}
	var parts []string
	var args []any
	for _, a := range arms {
		parts = append(parts, `SELECT `+cols+` FROM `+s.d.Indexed("incidents i", a.index)+` WHERE `+filter+` AND `+a.cond)
		args = append(append(args, filterArgs...), a.args...)
	}
	return strings.Join(parts, "\nUNION ALL\n"), args
}
