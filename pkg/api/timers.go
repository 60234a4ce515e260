package api

import (
	"net/http"
	"time"

	"github.com/warroom/warroom-incident-app/pkg/incident"
	"github.com/warroom/warroom-incident-app/pkg/policy"
	"github.com/warroom/warroom-incident-app/pkg/timers"
	"github.com/warroom/warroom-incident-app/pkg/timers/board"
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
	out, err := board.Incident(r.Context(), a.Store, inc, now)
	if err != nil {
		return 0, nil, err
	}
	return http.StatusOK, IncidentTimers{Now: now, IncidentID: inc.ID, Version: inc.Version,
		PolicyVersion: inc.Details.PolicyVersion, Timers: out.Timers, CurrentTier: out.CurrentTier, NextChange: out.NextChange}, nil
}

// activeTimers answers the timers panel: the most urgent active incidents
// first (pkg/timers/board), at most ?limit of them.
func (a *API) activeTimers(r *http.Request, id Identity) (int, any, error) {
	q, err := parseTimersQuery(r)
	if err != nil {
		return 0, nil, err
	}
	now := a.Now().UTC()
	rows, total, err := board.Active(r.Context(), a.Store, id.OrgID, q.filter, now, q.limit)
	if err != nil {
		return 0, nil, err
	}
	items := make([]ActiveIncidentTimers, len(rows))
	for i, row := range rows {
		items[i] = ActiveIncidentTimers{Incident: summarize(row.Incident), Timers: row.Timers,
			CurrentTier: row.CurrentTier, NextChange: row.NextChange}
	}
	return http.StatusOK, ActiveTimers{Now: now, Items: items, Total: total}, nil
}

func summarize(inc incident.Incident) IncidentSummary {
	services := inc.Services
	if services == nil {
		services = []string{}
	}
	return IncidentSummary{ID: inc.ID, Title: inc.Title, Severity: inc.Severity, Status: inc.Status,
		Services: services, CreatedAt: inc.CreatedAt, Version: inc.Version}
}
