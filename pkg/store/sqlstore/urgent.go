package sqlstore

import (
	"context"
	"slices"

	"github.com/warroom/warroom-incident-app/pkg/store"
)

// UrgentIncidents orders the org's open incidents by the timers the
// scheduler stored (migration 0010), in one statement: the inner query
// ranks every match on the columns of the partial index incidents_urgency
// (migration 0012) and keeps the page, the outer one reads those rows and
// the total. The page is Limit rows plus every row whose stored timers do
// not hold at Now (normally none), which sort first for the caller to
// compute.
func (s *Store) UrgentIncidents(ctx context.Context, orgID int64, q store.UrgentQuery) (store.Page, error) {
	where, args := s.filterSQL(orgID, store.Filter{Statuses: store.ActiveStatuses, Severities: q.Severities})
	if len(q.Services) > 0 {
		cond, vals := s.servicesSQL(orgID, q.Services)
		where, args = where+` AND `+cond, append(args, vals...)
	}
	limit, _ := bounds(store.Filter{Limit: q.Limit})
	now := s.at(q.Now)
	page, err := s.page(ctx, s.readDB(), `SELECT `+incidentCols+`,
			CASE WHEN u.fresh = 1 THEN i.timers_json END, (SELECT COUNT(*) FROM incidents i WHERE `+where+`)
		FROM (SELECT i.org_id AS u_org, i.id AS u_id,
				CASE WHEN i.next_due_at > ? THEN 1 ELSE 0 END AS fresh,
				`+urgencySQL+` AS urgency, i.severity AS sev, i.soonest_due_at AS due
			FROM incidents i WHERE `+where+`
			ORDER BY fresh, urgency, sev, due, u_id
			LIMIT ? + (SELECT COUNT(*) FROM incidents i WHERE `+where+` AND `+staleSQL+`)) u
		JOIN incidents i ON i.org_id = u.u_org AND i.id = u.u_id
		ORDER BY u.fresh, u.urgency, u.sev, u.due, u.u_id`,
		slices.Concat(args, []any{now, now, now}, args, []any{limit}, args, []any{now}), true)
	if err != nil {
		return store.Page{}, s.fail("urgent incidents", err)
	}
	return page, nil
}

// urgencySQL is the worst state of incident i's running timers at the
// time bound to both ?: 0 breached (one is due), 1 warning, 2 ok, 3 none
// running (board.SortByUrgency's ranks).
const urgencySQL = `CASE WHEN i.soonest_due_at IS NULL THEN 3 WHEN i.soonest_due_at <= ? THEN 0
	WHEN i.warn_at <= ? THEN 1 ELSE 2 END`

// staleSQL is "the stored timers of incident i do not hold at ?".
const staleSQL = `(i.next_due_at IS NULL OR i.next_due_at <= ?)`
