package api

import (
	"net/http"
	"time"

	"github.com/warroom/warroom-incident-app/pkg/catalog"
	"github.com/warroom/warroom-incident-app/pkg/policy"
	"github.com/warroom/warroom-incident-app/pkg/policy/policystore"
	"github.com/warroom/warroom-incident-app/pkg/servicemetrics"
)

// graphPoints is about what a panel of the incident page can draw.
const graphPoints = 240

// IncidentMetrics is what the incident page draws: each catalogued service's
// error rate and p99 latency with the policy's threshold bands.
type IncidentMetrics struct {
	From       time.Time                       `json:"from"`
	To         time.Time                       `json:"to"`
	StepMs     int64                           `json:"stepMs"`
	Thresholds Thresholds                      `json:"thresholds"`
	Services   []servicemetrics.ServiceMetrics `json:"services"`
	// Uncatalogued are incident services the catalog has no queries for.
	Uncatalogued []string `json:"uncatalogued"`
	Reason       string   `json:"reason,omitempty"`
}

// Thresholds are the policy's metric thresholds in graph units.
type Thresholds struct {
	ErrorRateHigh     float64 `json:"errorRateHigh"`
	ErrorRateElevated float64 `json:"errorRateElevated"`
	LatencyP99Seconds float64 `json:"latencyP99Seconds"`
	SustainedForMs    int64   `json:"sustainedForMs"`
}

func thresholdsOf(s policy.Thresholds) Thresholds {
	return Thresholds{ErrorRateHigh: s.ErrorRateHigh, ErrorRateElevated: s.ErrorRateElevated,
		LatencyP99Seconds: s.LatencyP99.D().Seconds(), SustainedForMs: s.SustainedFor.D().Milliseconds()}
}

// incidentMetrics defaults the window to the incident's life with a margin
// before declaration, so the onset is on the graph.
func (a *API) incidentMetrics(r *http.Request, id Identity) (int, any, error) {
	inc, err := a.Store.GetIncident(r.Context(), id.OrgID, r.PathValue("id"))
	if err != nil {
		return 0, nil, err
	}
	now := a.Now().UTC()
	q := r.URL.Query()
	fromText, toText := q.Get("from"), q.Get("to")
	if fromText == "" {
		fromText = inc.CreatedAt.Add(-30 * time.Minute).Format(time.RFC3339)
	}
	if toText == "" {
		end := now
		if inc.ResolvedAt != nil && inc.ResolvedAt.Add(30*time.Minute).Before(now) {
			end = inc.ResolvedAt.Add(30 * time.Minute)
		}
		toText = end.Format(time.RFC3339)
	}
	from, to, err := parseRange(fromText, toText, now)
	if err != nil {
		return 0, nil, err
	}
	pol, err := policystore.Version(r.Context(), a.Store, id.OrgID, inc.Details.PolicyVersion)
	if err != nil {
		return 0, nil, err
	}
	step := to.Sub(from) / graphPoints
	if step < time.Second {
		step = time.Second
	}
	step = step.Truncate(time.Second)
	out := IncidentMetrics{From: from, To: to, StepMs: step.Milliseconds(), Thresholds: thresholdsOf(pol.Thresholds),
		Services: []servicemetrics.ServiceMetrics{}, Uncatalogued: []string{}}
	var svcs []catalog.Service
	for _, name := range inc.Services {
		if s, ok := a.Metrics.Catalog.Service(name); ok {
			svcs = append(svcs, s)
		} else {
			out.Uncatalogued = append(out.Uncatalogued, name)
		}
	}
	if a.Metrics.Querier == nil {
		out.Reason = a.Metrics.Unconfigured
		return http.StatusOK, out, nil
	}
	out.Services = a.Metrics.Graphs(r.Context(), svcs, from, to, step)
	return http.StatusOK, out, nil
}
