package api

import (
	"context"
	"fmt"
	"net/http"
	"sort"
	"strings"
	"time"

	"github.com/warroom/warroom-incident-app/pkg/incident"
	"github.com/warroom/warroom-incident-app/pkg/store"
	"github.com/warroom/warroom-incident-app/pkg/timers"
)

// activeStatuses are the statuses whose timers still run.
var activeStatuses = []incident.Status{incident.Investigating, incident.Identified, incident.Monitoring}

const (
	maxTimerServices   = 50
	maxServiceNameLen  = 200
	defaultTimersLimit = 20
	maxTimersLimit     = 100
	// perQueryCap is the store's page limit; an org with more active
	// incidents of one service than this is not a panel anyone can read.
	perQueryCap = 500
)

// timersQuery is GET /timers' query: which active incidents a panel shows.
type timersQuery struct {
	services   []string // empty: every service
	severities []incident.Severity
	limit      int
}

// parseTimersQuery reads service (repeatable and/or comma-separated, as a
// dashboard's multi-value variable renders it), severity (comma list) and
// limit, reporting every bad parameter at once.
func parseTimersQuery(r *http.Request) (timersQuery, error) {
	var q timersQuery
	var errs []incident.FieldError
	bad := func(path, msg string) { errs = append(errs, incident.FieldError{Path: path, Message: msg}) }

	seen := map[string]bool{}
	for _, v := range r.URL.Query()["service"] {
		for _, part := range strings.Split(v, ",") {
			s := strings.TrimSpace(part)
			switch {
			case s == "":
			case len(s) > maxServiceNameLen:
				bad("service", fmt.Sprintf("a service name is at most %d characters", maxServiceNameLen))
			case !seen[s]:
				seen[s] = true
				q.services = append(q.services, s)
			}
		}
	}
	if len(q.services) > maxTimerServices {
		bad("service", fmt.Sprintf("at most %d services", maxTimerServices))
	}
	for _, s := range csv(r, "severity") {
		if sv := incident.Severity(s); sv.Valid() {
			q.severities = append(q.severities, sv)
		} else {
			bad("severity", fmt.Sprintf("unknown severity %q; use P1, P2, P3 or P4", s))
		}
	}
	limit, err := intParam(r, "limit", defaultTimersLimit, 1, maxTimersLimit)
	if err != nil {
		bad("limit", fmt.Sprintf("must be a whole number from 1 to %d", maxTimersLimit))
	}
	q.limit = limit
	if len(errs) > 0 {
		return q, invalid("the timers query is not valid", errs...)
	}
	return q, nil
}

// activeIncidents lists the org's open incidents of any of q's services
// (each service is one indexed store query), without duplicates.
func (a *API) activeIncidents(ctx context.Context, orgID int64, q timersQuery) ([]incident.Incident, error) {
	services := q.services
	if len(services) == 0 {
		services = []string{""} // the store reads "" as any service
	}
	var out []incident.Incident
	seen := map[string]bool{}
	for _, svc := range services {
		page, err := a.Store.ListIncidents(ctx, orgID, store.Filter{Statuses: activeStatuses, Severities: q.severities,
			Service: svc, Sort: store.SortCreated, Desc: true, Limit: perQueryCap})
		if err != nil {
			return nil, err
		}
		for _, inc := range page.Items {
			if !seen[inc.ID] {
				seen[inc.ID] = true
				out = append(out, inc)
			}
		}
	}
	return out, nil
}

// sortByUrgency puts the rows a responder must look at first on top: the
// worst running timer state, then the most severe level, then the earliest
// deadline in that state, then the id for a stable order.
func sortByUrgency(rows []ActiveIncidentTimers) {
	type key struct {
		state int
		due   time.Time
	}
	keys := make(map[string]key, len(rows))
	for _, row := range rows {
		k := key{state: 3}
		for _, t := range row.Timers {
			rank, running := runningRank[t.State]
			if !running || t.Due == nil {
				continue
			}
			if rank < k.state || (rank == k.state && (k.due.IsZero() || t.Due.Before(k.due))) {
				k = key{state: rank, due: *t.Due}
			}
		}
		keys[row.Incident.ID] = k
	}
	sort.SliceStable(rows, func(i, j int) bool {
		a, b := keys[rows[i].Incident.ID], keys[rows[j].Incident.ID]
		if a.state != b.state {
			return a.state < b.state
		}
		if rows[i].Incident.Severity != rows[j].Incident.Severity {
			return rows[i].Incident.Severity < rows[j].Incident.Severity // "P1" < "P2"
		}
		if !a.due.Equal(b.due) {
			if a.due.IsZero() || b.due.IsZero() {
				return b.due.IsZero()
			}
			return a.due.Before(b.due)
		}
		return rows[i].Incident.ID < rows[j].Incident.ID
	})
}

// runningRank orders the states of timers still counting, worst first.
var runningRank = map[timers.State]int{timers.Breached: 0, timers.Warning: 1, timers.OK: 2}
