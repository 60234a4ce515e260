// Package board gives the timers of an org's incidents as the incident
// page, the list and the timers panel show them. Lists take the timers the
// scheduler stored with each open incident (store.Page.Timers) and compute
// only the others: the events the engine reads come from one batched store
// call, each incident runs under the policy version it was declared under.
// The panel's rows come most urgent first. The engine itself (package
// timers) is pure.
package board

import (
	"context"
	"encoding/json"
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

// Incident is one incident's timers at now.
func Incident(ctx context.Context, st store.Store, inc incident.Incident, now time.Time) (timers.Output, error) {
	rows, err := Compute(ctx, st, inc.OrgID, []incident.Incident{inc}, now)
	if err != nil {
		return timers.Output{}, err
	}
	return rows[0].Output, nil
}

// Active is the timers of the org's active incidents that f selects, the
// limit most urgent first (SortByUrgency), and how many f selects. The
// store orders them by the timers the scheduler stored; the few whose
// stored timers do not hold at now are computed and merged in.
func Active(ctx context.Context, st store.Store, orgID int64, f Filter, now time.Time, limit int) ([]Row, int, error) {
	page, err := st.UrgentIncidents(ctx, orgID, store.UrgentQuery{Services: f.Services, Severities: f.Severities, Now: now, Limit: limit})
	if err != nil {
		return nil, 0, err
	}
	rows, err := Page(ctx, st, orgID, page, now)
	if err != nil {
		return nil, 0, err
	}
	SortByUrgency(rows)
	return rows[:min(limit, len(rows))], page.Total, nil
}

// Page is the timers of a store page's incidents at now, in its order: the
// timers the store holds for them (store.Page.Timers), computed for the
// rest in one Compute.
func Page(ctx context.Context, st store.Store, orgID int64, page store.Page, now time.Time) ([]Row, error) {
	rows := make([]Row, len(page.Items))
	var missing []incident.Incident
	var at []int
	for i, inc := range page.Items {
		rows[i].Incident = inc
		var stored timers.Summary
		if raw, ok := page.Timers[inc.ID]; ok && json.Unmarshal(raw, &stored) == nil {
			rows[i].Output = timers.Output{Timers: stored.Timers, CurrentTier: stored.CurrentTier, NextChange: stored.NextChange}
			continue
		}
		missing, at = append(missing, inc), append(at, i)
	}
	if len(missing) == 0 {
		return rows, nil
	}
	computed, err := Compute(ctx, st, orgID, missing, now)
	if err != nil {
		return nil, err
	}
	for j, row := range computed {
		rows[at[j]] = row
	}
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

// SortByUrgency puts the rows a responder must look at first on top: the
// worst running timer state, then the most severe level, then the soonest
// running deadline (Soonest: for a breached or ok row the earliest deadline
// in that state; a warning row's may be an ok timer due sooner), then the
// id for a stable order. The store orders its stored timers the same way
// (store.Store.UrgentIncidents): one definition, tested against each other.
func SortByUrgency(rows []Row) {
	type key struct {
		state int
		due   time.Time
	}
	keys := make(map[string]key, len(rows))
	for _, row := range rows {
		k := key{state: 3}
		for _, t := range row.Timers {
			if rank, running := runningRank[t.State]; running && t.Due != nil {
				k.state = min(k.state, rank)
			}
		}
		if soonest := Soonest(row.Timers); soonest != nil {
			k.due = *soonest.Due
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
			return a.due.Before(b.due) // both zero (none running) or both set
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
