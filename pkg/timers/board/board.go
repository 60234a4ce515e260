// Package board computes the timers of an org's incidents as the incident
// page and the timers panel show them: the events the engine reads come
// from one batched store call, each incident runs under the policy
// version it was declared under, and the panel's rows come most urgent
// first. The engine itself (package timers) is pure.
package board

import (
	"context"
	"sort"
	"time"

	"github.com/warroom/warroom-incident-app/pkg/incident"
	"github.com/warroom/warroom-incident-app/pkg/policy/policystore"
	"github.com/warroom/warroom-incident-app/pkg/store"
	"github.com/warroom/warroom-incident-app/pkg/timers"
)

// Row is one incident with its timers.
type Row struct {
	Incident incident.Incident
	timers.Output
}

// Filter is which active incidents a panel shows.
type Filter struct {
	Services   []string // empty: every service
	Severities []incident.Severity
}

// activeStatuses are the statuses whose timers still run.
var activeStatuses = []incident.Status{incident.Investigating, incident.Identified, incident.Monitoring}

// perQueryCap is the store's page limit; an org with more active incidents
// of one service than this is not a panel anyone can read.
const perQueryCap = 500

// Incident is one incident's timers at now.
func Incident(ctx context.Context, st store.Store, inc incident.Incident, now time.Time) (timers.Output, error) {
	rows, err := Compute(ctx, st, inc.OrgID, []incident.Incident{inc}, now)
	if err != nil {
		return timers.Output{}, err
	}
	return rows[0].Output, nil
}

// Active is the timers of the org's active incidents that f selects, most
// urgent first (SortByUrgency).
func Active(ctx context.Context, st store.Store, orgID int64, f Filter, now time.Time) ([]Row, error) {
	incs, err := activeIncidents(ctx, st, orgID, f)
	if err != nil {
		return nil, err
	}
	rows, err := Compute(ctx, st, orgID, incs, now)
	if err != nil {
		return nil, err
	}
	SortByUrgency(rows)
	return rows, nil
}

// Compute runs the pure engine on each incident, its timer events and the
// policy version it was declared under. The events the engine reads
// (timers.EventKinds) of every incident come in one store call, one query
// per 500 incidents: never a whole timeline, never one query per incident.
func Compute(ctx context.Context, st store.Store, orgID int64, incs []incident.Incident, now time.Time) ([]Row, error) {
	ids := make([]string, len(incs))
	for i, inc := range incs {
		ids[i] = inc.ID
	}
	events, err := st.EventsOf(ctx, orgID, ids, timers.EventKinds)
	if err != nil {
		return nil, err
	}
	policies := policystore.NewCache(st, orgID)
	rows := make([]Row, 0, len(incs))
	for _, inc := range incs {
		pol, err := policies.Get(ctx, inc.Details.PolicyVersion)
		if err != nil {
			return nil, err
		}
		rows = append(rows, Row{Incident: inc, Output: timers.Compute(timers.Input{Incident: inc, Events: events[inc.ID], Policy: pol, Now: now})})
	}
	return rows, nil
}

// activeIncidents lists the org's open incidents of any of f's services
// (each service is one indexed store query), without duplicates.
func activeIncidents(ctx context.Context, st store.Store, orgID int64, f Filter) ([]incident.Incident, error) {
	services := f.Services
	if len(services) == 0 {
		services = []string{""} // the store reads "" as any service
	}
	var out []incident.Incident
	seen := map[string]bool{}
	for _, svc := range services {
		page, err := st.ListIncidents(ctx, orgID, store.Filter{Statuses: activeStatuses, Severities: f.Severities,
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

// SortByUrgency puts the rows a responder must look at first on top: the
// worst running timer state, then the most severe level, then the earliest
// deadline in that state, then the id for a stable order.
func SortByUrgency(rows []Row) {
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

// Soonest is the running timer (ok, warning or breached) due first, nil when
// none runs: a breached timer is overdue, so it comes before any still ahead.
func Soonest(ts []timers.Timer) *timers.Timer {
	var out *timers.Timer
	for i, t := range ts {
		if _, running := runningRank[t.State]; running && t.Due != nil && (out == nil || t.Due.Before(*out.Due)) {
			out = &ts[i]
		}
	}
	return out
}

// runningRank orders the states of timers still counting, worst first.
var runningRank = map[timers.State]int{timers.Breached: 0, timers.Warning: 1, timers.OK: 2}
