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
	"regexp"
	"strings"
	"time"

	"github.com/grafana/grafana-plugin-sdk-go/backend/log"

	"github.com/warroom/warroom-incident-app/pkg/incident"
	"github.com/warroom/warroom-incident-app/pkg/notify"
	"github.com/warroom/warroom-incident-app/pkg/oncall/paging"
	"github.com/warroom/warroom-incident-app/pkg/policy"
	"github.com/warroom/warroom-incident-app/pkg/store"
)

// Scheduler runs ticks against one store. Safe for one goroutine at a time.
type Scheduler struct {
	Store store.Store
	// PageSize is how many due incidents one query reads; default 500.
	PageSize int
	// Logger receives one line per skipped incident (see Tick); nil means
	// log.DefaultLogger.
	Logger log.Logger
	// Roster resolves the targets of tiers that page; nil pages nobody (the
	// timeline says so).
	Roster Roster
}

// Stats describe one tick.
type Stats struct {
	Incidents int // due incidents examined (dirty or due by now)
	Fired     int // firings this process committed
	Conflicts int // recomputations because another writer moved an incident
	// Saved counts the projections stored (store.Projection): incidents
	// that will not be read again before their next due time.
	Saved int
	// Skipped are the incidents that could not be read or whose firings
	// could not be committed this tick, in the order met; they stay due,
	// and the next tick tries them again.
	Skipped []Skipped
}

// Skipped is one incident a tick left for the next one, and why (log-safe:
// see safeReason).
type Skipped struct {
	OrgID      int64
	IncidentID string
	Reason     string
}

// maxSkipLogs bounds the log lines one tick writes for skipped incidents, so
// a store full of unreadable incidents does not flood the log every period;
// a summary line gives the total.
const maxSkipLogs = 10

// maxRounds bounds recomputation of one incident within a tick: each round
// follows a state change (an auto-applied escalation), and a policy's rules
// only ever move towards P1.
const maxRounds = 5

// Tick fires everything owed at now. It reads only the incidents that are
// due (store.Scheduling.DueIncidents): those written since they were last
// computed, and those whose timers change by now; resolved ones too, whose
// post-mortem timer the list shows (nothing fires for them). For each it
// commits the owed firings, then stores what it computed
// (store.Projection): the next due time is timers.Output.NextChange, the
// first moment any timer or firing changes without a write, so nothing owed
// is ever read late.
//
// An incident that cannot be read (its details or a timer event do not
// decode: store.DueIncident.Err) or whose firings cannot be committed (a
// store error, a policy version that cannot be decoded, text the database
// refuses, even a panic) is logged and skipped, and the tick goes on with
// every other incident and org: one bad row must not silence every
// escalation of the store. Skipped incidents are in Stats, keep no
// projection, and so are tried again by the next tick. Tick returns an
// error only when it cannot read the due incidents at all, or ctx ends.
func (s *Scheduler) Tick(ctx context.Context, now time.Time) (Stats, error) {
	var st Stats
	var routes map[int64][]notify.Channel
	pols := policies{st: s.Store, cache: map[policyKey]policy.Policy{}, roster: s.Roster}
	limit := s.PageSize
	if limit <= 0 {
		limit = 500
	}
	var cur store.Cursor
	for {
		page, err := s.Store.DueIncidents(ctx, now, cur, limit)
		if err != nil {
			return st, err
		}
		if len(page) > 0 && routes == nil {
			// Read once a tick has work: a tick with nothing due is one
			// indexed read.
			if routes, err = s.routes(ctx); err != nil {
				return st, err
			}
		}
		projections := make([]store.Projection, 0, len(page))
		for _, oi := range page {
			if err := ctx.Err(); err != nil {
				return st, err
			}
			st.Incidents++
			if oi.Err != nil {
				// Its row or a timer event did not decode: nothing can be
				// computed for it, everything else still can.
				s.skip(&st, oi.Incident, fmt.Errorf("unreadable: %w", oi.Err))
				continue
			}
			p, err := s.settleSafely(ctx, oi, routes[oi.Incident.OrgID], &pols, now, &st)
			if err != nil {
				if ctx.Err() != nil {
					return st, ctx.Err()
				}
				s.skip(&st, oi.Incident, err)
				continue
			}
			if p != nil {
				projections = append(projections, *p)
			}
		}
		if err := s.Store.SaveProjections(ctx, projections); err != nil {
			if ctx.Err() != nil {
				return st, ctx.Err()
			}
			// Unsaved incidents stay due: the next tick computes them again.
			s.logger().Error("scheduler could not store timer projections; the next tick computes them again",
				"incidents", len(projections), "reason", safeReason(err))
		} else {
			st.Saved += len(projections)
		}
		if len(page) < limit {
			s.summarize(st)
			return st, nil
		}
		last := page[len(page)-1].Incident
		cur = store.Cursor{OrgID: last.OrgID, ID: last.ID}
	}
}

// settleSafely is settle with a panic turned into an error: a bug met by one
// incident's data must not stop the scheduler goroutine (and with it every
// org's escalations).
func (s *Scheduler) settleSafely(ctx context.Context, oi store.DueIncident, routes []notify.Channel, pols *policies, now time.Time, st *Stats) (p *store.Projection, err error) {
	defer func() {
		if r := recover(); r != nil {
			p, err = nil, fmt.Errorf("panic: %v", r)
		}
	}()
	return s.settle(ctx, oi, routes, pols, now, st)
}

func (s *Scheduler) logger() log.Logger {
	if s.Logger != nil {
		return s.Logger
	}
	return log.DefaultLogger
}

func (s *Scheduler) skip(st *Stats, inc incident.Incident, err error) {
	sk := Skipped{OrgID: inc.OrgID, IncidentID: inc.ID, Reason: safeReason(err)}
	st.Skipped = append(st.Skipped, sk)
	if len(st.Skipped) <= maxSkipLogs {
		s.logger().Error("scheduler skipped an incident it could not read or commit; the next tick tries again",
			"orgId", sk.OrgID, "incidentId", sk.IncidentID, "reason", sk.Reason)
	}
}

func (s *Scheduler) summarize(st Stats) {
	if n := len(st.Skipped); n > maxSkipLogs {
		s.logger().Error("scheduler skipped more incidents than it logs", "skipped", n, "logged", maxSkipLogs)
	}
}

// settle commits the incident's owed firings in order, recomputing from the
// stored incident after a state change or a conflict. It returns the
// projection of the incident as read when nothing moved it; after a
// reload it returns none: the write that moved it made it dirty, and the
// next tick computes it from its epoch.
func (s *Scheduler) settle(ctx context.Context, oi store.DueIncident, routes []notify.Channel, pols *policies, now time.Time, st *Stats) (*store.Projection, error) {
	for round := 0; round < maxRounds; round++ {
		pol, err := pols.get(ctx, oi.Incident.OrgID, oi.Incident.Details.PolicyVersion)
		if err != nil {
			return nil, fmt.Errorf("policy version %d: %w", oi.Incident.Details.PolicyVersion, err)
		}
		in := Input{Open: oi, Policy: pol, Routes: routes, Now: now}
		out := compute(in)
		if targets := tierTargets(out); len(targets) > 0 && pols.roster != nil {
			res, err := pols.resolve(ctx, oi.Incident.OrgID, targets, now)
			if err != nil {
				return nil, fmt.Errorf("on-call roster: %w", err)
			}
			in.Reach = &res
		}
		stale := false
		for _, e := range planFrom(in, out) {
			c, err := s.Store.Commit(ctx, e)
			switch {
			case errors.Is(err, store.ErrConflict):
				st.Conflicts++
				stale = true
			case errors.Is(err, store.ErrNotFound):
				return nil, nil // deleted meanwhile: nothing is owed
			case err != nil:
				return nil, err
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
			if round > 0 {
				return nil, nil
			}
			p, err := project(oi, out)
			return &p, err
		}
		if oi, err = s.reload(ctx, oi.Incident); err != nil || oi.Incident.Status == incident.Resolved {
			return nil, err
		}
	}
	return nil, nil
}

func (s *Scheduler) reload(ctx context.Context, inc incident.Incident) (store.DueIncident, error) {
	fresh, err := s.Store.GetIncident(ctx, inc.OrgID, inc.ID)
	if errors.Is(err, store.ErrNotFound) {
		fresh.Status = incident.Resolved // treated as nothing owed
		return store.DueIncident{Incident: fresh}, nil
	}
	if err != nil {
		return store.DueIncident{}, err
	}
	// Only the kinds the projection reads, as DueIncidents gives them: a
	// recomputation costs the few timer events, not the whole timeline.
	evs, err := s.Store.EventsOf(ctx, inc.OrgID, []string{inc.ID}, store.ProjectionKinds)
	if err != nil {
		return store.DueIncident{}, err
	}
	return store.DueIncident{Incident: fresh, Events: append([]incident.Event{}, evs[inc.ID]...)}, nil
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
//
// A version that cannot be read or decoded is remembered for the tick too,
// so an org with a broken policy costs one read, not one per incident.
type policies struct {
	st     store.Store
	cache  map[policyKey]policy.Policy
	failed map[policyKey]error
	// roster and rosters resolve paging targets once per org and target
	// set per tick: every incident paging the same schedule reads it once.
	roster  Roster
	rosters map[string]paging.Resolution
}

func (p *policies) resolve(ctx context.Context, org int64, targets []policy.Target, now time.Time) (paging.Resolution, error) {
	k := fmt.Sprint(org, targets)
	if r, ok := p.rosters[k]; ok {
		return r, nil
	}
	r, err := p.roster.Resolve(ctx, org, targets, now)
	if err != nil {
		return paging.Resolution{}, err
	}
	if p.rosters == nil {
		p.rosters = map[string]paging.Resolution{}
	}
	p.rosters[k] = r
	return r, nil
}

func (p *policies) get(ctx context.Context, org int64, version int) (policy.Policy, error) {
	k := policyKey{org, version}
	if pol, ok := p.cache[k]; ok {
		return pol, nil
	}
	if err, ok := p.failed[k]; ok {
		return policy.Policy{}, err
	}
	pol, err := p.read(ctx, org, version)
	if err != nil {
		if ctx.Err() == nil {
			if p.failed == nil {
				p.failed = map[policyKey]error{}
			}
			p.failed[k] = err
		}
		return policy.Policy{}, err
	}
	p.cache[k] = pol
	return pol, nil
}

func (p *policies) read(ctx context.Context, org int64, version int) (policy.Policy, error) {
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
	return pol, nil
}

// dsnPart matches what a database driver may quote from its connection
// settings in an error (host=db user=warroom …, postgres://user:pw@host/db).
var dsnPart = regexp.MustCompile(`(?i)\b(host|hostaddr|port|user|password|dbname|database|sslmode|sslkey|sslcert|sslrootcert|passfile)=\S+|\b[a-z][a-z0-9+.-]*://\S+`)

// safeReason is err as a log line without connection settings: the store's
// wrapping says what failed, the database's own message why (PostgreSQL's
// "unsupported Unicode escape sequence" for a NUL), and a driver's
// connection error keeps its words but loses hosts, users and passwords.
func safeReason(err error) string {
	return dsnPart.ReplaceAllStringFunc(err.Error(), func(m string) string {
		if i := strings.IndexByte(m, '='); i > 0 && !strings.Contains(m[:i], "://") {
			return m[:i+1] + "…"
		}
		return "…"
	})
}
