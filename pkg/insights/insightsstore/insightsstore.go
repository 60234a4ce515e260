// Package insightsstore reads the insights records of an org's incidents
// from the store, recomputing those whose stored record is stale (the
// incident changed since the scheduler last projected it), so every figure
// is what the whole timeline gives at the moment of asking.
package insightsstore

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/warroom/warroom-incident-app/pkg/incident"
	"github.com/warroom/warroom-incident-app/pkg/insights"
	"github.com/warroom/warroom-incident-app/pkg/policy/policystore"
	"github.com/warroom/warroom-incident-app/pkg/store"
	"github.com/warroom/warroom-incident-app/pkg/timers"
)

// Filter selects incidents by declaration time and what they name. Empty
// lists mean any.
type Filter struct {
	From, To   time.Time // on the declaration; To is exclusive
	Services   []string
	Severities []incident.Severity // the most severe level reached
}

// Reader is what Rows needs of the store: the stored records, and for the
// stale ones the incident, the events its projection reads and the policy
// version it was declared under.
type Reader interface {
	InsightsRows(ctx context.Context, orgID int64, f store.InsightsFilter) ([]insights.Row, []string, error)
	GetIncident(ctx context.Context, orgID int64, id string) (incident.Incident, error)
	EventsOf(ctx context.Context, orgID int64, ids []string, kinds []incident.EventKind) (map[string][]incident.Event, error)
	policystore.Reader
}

// Rows returns the records of the org's incidents that f selects, fresh as
// of now, in declaration order (then id). A stale record is computed as the
// scheduler would have (the projection's events, the incident's policy
// version, the timers at now), so the result never waits for a tick; more
// than store.MaxInsightsRows incidents in the range give
// store.ErrTooManyRows.
func Rows(ctx context.Context, st Reader, orgID int64, f Filter, now time.Time) ([]insights.Row, error) {
	rows, stale, err := st.InsightsRows(ctx, orgID, store.InsightsFilter{From: f.From, To: f.To,
		Services: f.Services, Severities: f.Severities, At: now})
	if err != nil {
		return nil, err
	}
	policies := policystore.NewCache(st, orgID)
	for ids := range slices.Chunk(stale, store.BatchIDs) {
		fresh, err := compute(ctx, st, policies, orgID, ids, now)
		if err != nil {
			return nil, err
		}
		for _, r := range fresh {
			if len(f.Severities) == 0 || slices.Contains(f.Severities, r.Severity) {
				rows = append(rows, r)
			}
		}
	}
	if len(stale) > 0 {
		slices.SortFunc(rows, func(a, b insights.Row) int {
			if c := a.Declared.Compare(b.Declared); c != 0 {
				return c
			}
			return strings.Compare(a.IncidentID, b.IncidentID)
		})
	}
	return rows, nil
}

// compute derives the records of a batch of incidents: each read on its
// key (stale ones are mostly those written since the last tick, a few),
// then their events in one EventsOf. Not one snapshot: a write in between
// gives a record with the newer events, which the next read corrects. An
// incident gone meanwhile is left out.
func compute(ctx context.Context, st Reader, policies *policystore.Cache, orgID int64, ids []string, now time.Time) ([]insights.Row, error) {
	incs := make([]incident.Incident, 0, len(ids))
	for _, id := range ids {
		inc, err := st.GetIncident(ctx, orgID, id)
		if errors.Is(err, store.ErrNotFound) {
			continue
		}
		if err != nil {
			return nil, err
		}
		incs = append(incs, inc)
	}
	events, err := st.EventsOf(ctx, orgID, ids, store.ProjectionKinds)
	if err != nil {
		return nil, err
	}
	out := make([]insights.Row, 0, len(incs))
	for _, inc := range incs {
		pol, err := policies.Get(ctx, inc.Details.PolicyVersion)
		if err != nil {
			return nil, fmt.Errorf("policy version %d of %s: %w", inc.Details.PolicyVersion, inc.ID, err)
		}
		evs := events[inc.ID]
		out = append(out, insights.Row{
			Record: insights.Derive(inc, evs, timers.Compute(timers.Input{Incident: inc, Events: evs, Policy: pol, Now: now})),
			Title:  inc.Title, Services: inc.Services})
	}
	return out, nil
}
