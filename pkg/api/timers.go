package api

import (
	"context"
	"net/http"
	"time"

	"github.com/warroom/warroom-incident-app/pkg/incident"
	"github.com/warroom/warroom-incident-app/pkg/policy"
	"github.com/warroom/warroom-incident-app/pkg/policy/policystore"
	"github.com/warroom/warroom-incident-app/pkg/timers"
)

// IncidentTimers is one incident's countdowns as of Now. Deadlines are
// absolute times, never "seconds left": the browser counts down against its
// own clock corrected by Now, so an answer does not go stale while shown.
type IncidentTimers struct {
	Now           time.Time      `json:"now"`
	IncidentID    string         `json:"incidentId"`
	Version       int64          `json:"version"`
	PolicyVersion int            `json:"policyVersion"`
	Timers        []timers.Timer `json:"timers"`
	CurrentTier   policy.Tier    `json:"currentTier"`
	// NextChange is when a state changes without new facts (e.g. ok →
	// warning); clients refetch then rather than guess the warning window.
	NextChange *time.Time `json:"nextChange,omitempty"`
}

// ActiveIncidentTimers is one row of the timers panel.
type ActiveIncidentTimers struct {
	Incident    IncidentSummary `json:"incident"`
	Timers      []timers.Timer  `json:"timers"`
	CurrentTier policy.Tier     `json:"currentTier"`
	NextChange  *time.Time      `json:"nextChange,omitempty"`
}

// IncidentSummary is what a panel row shows of an incident.
type IncidentSummary struct {
	ID        string            `json:"id"`
	Title     string            `json:"title"`
	Severity  incident.Severity `json:"severity"`
	Status    incident.Status   `json:"status"`
	Services  []string          `json:"services"`
	CreatedAt time.Time         `json:"createdAt"`
	Version   int64             `json:"version"`
}

// ActiveTimers answers GET /timers.
type ActiveTimers struct {
	Now   time.Time              `json:"now"`
	Items []ActiveIncidentTimers `json:"items"`
	// Total counts the matching active incidents; Items holds at most limit.
	Total int `json:"total"`
}

func (a *API) incidentTimers(r *http.Request, id Identity) (int, any, error) {
	inc, err := a.Store.GetIncident(r.Context(), id.OrgID, r.PathValue("id"))
	if err != nil {
		return 0, nil, err
	}
	now := a.Now().UTC()
	events, err := a.timerEvents(r.Context(), id.OrgID, []incident.Incident{inc})
	if err != nil {
		return 0, nil, err
	}
	out, err := a.computeTimers(r.Context(), inc, events[inc.ID], policystore.NewCache(a.Store, id.OrgID), now)
	if err != nil {
		return 0, nil, err
	}
	return http.StatusOK, IncidentTimers{Now: now, IncidentID: inc.ID, Version: inc.Version,
		PolicyVersion: inc.Details.PolicyVersion, Timers: out.Timers, CurrentTier: out.CurrentTier, NextChange: out.NextChange}, nil
}

func (a *API) activeTimers(r *http.Request, id Identity) (int, any, error) {
	q, err := parseTimersQuery(r)
	if err != nil {
		return 0, nil, err
	}
	incs, err := a.activeIncidents(r.Context(), id.OrgID, q)
	if err != nil {
		return 0, nil, err
	}
	events, err := a.timerEvents(r.Context(), id.OrgID, incs)
	if err != nil {
		return 0, nil, err
	}
	now := a.Now().UTC()
	policies := policystore.NewCache(a.Store, id.OrgID)
	rows := make([]ActiveIncidentTimers, 0, len(incs))
	for _, inc := range incs {
		out, err := a.computeTimers(r.Context(), inc, events[inc.ID], policies, now)
		if err != nil {
			return 0, nil, err
		}
		rows = append(rows, ActiveIncidentTimers{Incident: summarize(inc), Timers: out.Timers,
			CurrentTier: out.CurrentTier, NextChange: out.NextChange})
	}
	sortByUrgency(rows)
	total := len(rows)
	if len(rows) > q.limit {
		rows = rows[:q.limit]
	}
	return http.StatusOK, ActiveTimers{Now: now, Items: rows, Total: total}, nil
}

// timerEvents reads the events the timer engine reads (timers.EventKinds)
// of every incident in one store call, one query per 500 incidents: never
// a whole timeline, never one query per incident.
func (a *API) timerEvents(ctx context.Context, orgID int64, incs []incident.Incident) (map[string][]incident.Event, error) {
	ids := make([]string, len(incs))
	for i, inc := range incs {
		ids[i] = inc.ID
	}
	return a.Store.EventsOf(ctx, orgID, ids, timers.EventKinds)
}

// computeTimers runs the pure engine on the incident, its timer events and
// the policy version it was declared under.
func (a *API) computeTimers(ctx context.Context, inc incident.Incident, events []incident.Event, policies *policystore.Cache, now time.Time) (timers.Output, error) {
	pol, err := policies.Get(ctx, inc.Details.PolicyVersion)
	if err != nil {
		return timers.Output{}, err
	}
	return timers.Compute(timers.Input{Incident: inc, Events: events, Policy: pol, Now: now}), nil
}

func summarize(inc incident.Incident) IncidentSummary {
	services := inc.Services
	if services == nil {
		services = []string{}
	}
	return IncidentSummary{ID: inc.ID, Title: inc.Title, Severity: inc.Severity, Status: inc.Status,
		Services: services, CreatedAt: inc.CreatedAt, Version: inc.Version}
}
