// Package scheduler fires what the timer engine says is owed: escalation
// rules, tier notifications and update-due reminders, for every open
// incident of every org in one store.
//
// Exactly once, with any number of back ends on one PostgreSQL: each
// firing's effects (severity change, timeline entry, outbox rows) are
// committed in the transaction that claims its key (store.Commit), and
// every effect is computed from one incident version, so a racing instance
// either stores nothing (key already claimed) or recomputes (version moved).
// Nothing lives in memory between ticks: a restarted process recomputes from
// persisted timestamps and fires what is due and not yet claimed.
package scheduler

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"time"

	"github.com/warroom/warroom-incident-app/pkg/incident"
	"github.com/warroom/warroom-incident-app/pkg/notify"
	"github.com/warroom/warroom-incident-app/pkg/policy"
	"github.com/warroom/warroom-incident-app/pkg/store"
)

// Scheduler runs ticks against one store. Safe for one goroutine at a time.
type Scheduler struct {
	Store store.Store
	// PageSize is how many open incidents one query reads; default 500.
	PageSize int
}

// Stats describe one tick.
type Stats struct {
	Incidents int // open incidents examined
	Fired     int // firings this process committed
	Conflicts int // recomputations because another writer moved an incident
}

// maxRounds bounds recomputation of one incident within a tick: each round
// follows a state change (an auto-applied escalation), and a policy's rules
// only ever move towards P1.
const maxRounds = 5

// Tick fires everything owed at now. It stops at the first store error; a
// firing it could not commit is retried by the next tick.
func (s *Scheduler) Tick(ctx context.Context, now time.Time) (Stats, error) {
	var st Stats
	routes, err := s.routes(ctx)
	if err != nil {
		return st, err
	}
	pols := policies{st: s.Store, cache: map[policyKey]policy.Policy{}}
	limit := s.PageSize
	if limit <= 0 {
		limit = 500
	}
	var cur store.Cursor
	for {
		page, err := s.Store.OpenIncidents(ctx, cur, limit)
		if err != nil {
			return st, err
		}
		for _, oi := range page {
			if err := ctx.Err(); err != nil {
				return st, err
			}
			st.Incidents++
			if err := s.settle(ctx, oi, routes[oi.Incident.OrgID], &pols, now, &st); err != nil {
				return st, fmt.Errorf("scheduler: %s: %w", oi.Incident.ID, err)
			}
		}
		if len(page) < limit {
			return st, nil
		}
		last := page[len(page)-1].Incident
		cur = store.Cursor{OrgID: last.OrgID, ID: last.ID}
	}
}

// settle commits the incident's owed firings in order, recomputing from the
// stored incident after a state change or a conflict.
func (s *Scheduler) settle(ctx context.Context, oi store.OpenIncident, routes []notify.Channel, pols *policies, now time.Time, st *Stats) error {
	for round := 0; round < maxRounds; round++ {
		pol, err := pols.get(ctx, oi.Incident.OrgID, oi.Incident.Details.PolicyVersion)
		if err != nil {
			return err
		}
		stale := false
		for _, e := range Plan(Input{Open: oi, Policy: pol, Routes: routes, Now: now}) {
			c, err := s.Store.Commit(ctx, e)
			switch {
			case errors.Is(err, store.ErrConflict):
				st.Conflicts++
				stale = true
			case errors.Is(err, store.ErrNotFound):
				return nil // deleted meanwhile: nothing is owed
			case err != nil:
				return err
			}
			if c.Fired {
				st.Fired++
				stale = e.Update != nil
			}
			if stale {
				break
			}
		}
		if !stale {
			return nil
		}
		if oi, err = s.reload(ctx, oi.Incident); err != nil || oi.Incident.Status == incident.Resolved {
			return err
		}
	}
	return nil
}

func (s *Scheduler) reload(ctx context.Context, inc incident.Incident) (store.OpenIncident, error) {
	fresh, err := s.Store.GetIncident(ctx, inc.OrgID, inc.ID)
	if errors.Is(err, store.ErrNotFound) {
		fresh.Status = incident.Resolved // treated as nothing owed
		return store.OpenIncident{Incident: fresh}, nil
	}
	if err != nil {
		return store.OpenIncident{}, err
	}
	evs, err := s.Store.ListEvents(ctx, inc.OrgID, inc.ID, 0)
	if err != nil {
		return store.OpenIncident{}, err
	}
	return store.OpenIncident{Incident: fresh, Events: evs}, nil
}

// routes reads every org's channel routes; an unreadable entry means no
// notifications for that org (the timeline still records the firing).
func (s *Scheduler) routes(ctx context.Context) (map[int64][]notify.Channel, error) {
	raw, err := s.Store.ChannelRoutes(ctx)
	if err != nil {
		return nil, err
	}
	out := make(map[int64][]notify.Channel, len(raw))
	for org, body := range raw {
		var chans []notify.Channel
		if json.Unmarshal(body, &chans) == nil {
			out[org] = chans
		}
	}
	return out, nil
}

type policyKey struct {
	org     int64
	version int
}

// policies reads each (org, version) once per tick, with the API's rules:
// version 1 (or none) is the default policy; a missing version falls back to
// the org's latest.
type policies struct {
	st    store.Store
	cache map[policyKey]policy.Policy
}

func (p *policies) get(ctx context.Context, org int64, version int) (policy.Policy, error) {
	k := policyKey{org, version}
	if pol, ok := p.cache[k]; ok {
		return pol, nil
	}
	pol := policy.Default()
	if version > 1 {
		rec, err := p.st.PolicyVersion(ctx, org, version)
		if errors.Is(err, store.ErrNotFound) {
			rec, err = p.st.LatestPolicy(ctx, org)
		}
		switch {
		case err == nil:
			if pol, err = policy.Decode(rec.Body, rec.Version); err != nil {
				return policy.Policy{}, err
			}
		case !errors.Is(err, store.ErrNotFound):
			return policy.Policy{}, err
		}
	}
	p.cache[k] = pol
	return pol, nil
}
