package api

import (
	"context"
	"encoding/json"
	"errors"
	"math"
	"net/http"
	"sync"
	"time"

	"github.com/warroom/warroom-incident-app/pkg/catalog"
	"github.com/warroom/warroom-incident-app/pkg/policy"
	"github.com/warroom/warroom-incident-app/pkg/policy/policystore"
	"github.com/warroom/warroom-incident-app/pkg/prometheus"
)

// graphPoints is about what a panel of the incident page can draw.
const graphPoints = 240

// MetricSeries is one series of a graph; values are null where Prometheus
// had no sample (JSON has no NaN).
type MetricSeries struct {
	Labels map[string]string `json:"labels"`
	Points []GraphPoint      `json:"points"`
}

// GraphPoint encodes as [epoch ms, value|null].
type GraphPoint struct {
	T time.Time
	V float64
}

func (p GraphPoint) MarshalJSON() ([]byte, error) {
	var v any
	if !math.IsNaN(p.V) && !math.IsInf(p.V, 0) {
		v = p.V
	}
	return json.Marshal([2]any{p.T.UnixMilli(), v})
}

// MetricQuery is one query's result, or why it failed.
type MetricQuery struct {
	Query  string         `json:"query"`
	Series []MetricSeries `json:"series"`
	Error  string         `json:"error,omitempty"`
}

// ServiceMetrics are the two graphs of one service.
type ServiceMetrics struct {
	Service   string      `json:"service"`
	ErrorRate MetricQuery `json:"errorRate"`
	Latency   MetricQuery `json:"latency"`
}

// IncidentMetrics is what the incident page draws: each catalogued service's
// error rate and p99 latency with the policy's threshold bands.
type IncidentMetrics struct {
	From       time.Time        `json:"from"`
	To         time.Time        `json:"to"`
	StepMs     int64            `json:"stepMs"`
	Thresholds Thresholds       `json:"thresholds"`
	Services   []ServiceMetrics `json:"services"`
	// Uncatalogued are incident services the catalog has no queries for.
	Uncatalogued []string `json:"uncatalogued"`
	Reason       string   `json:"reason,omitempty"`
}

// Thresholds are the policy's signal thresholds in graph units.
type Thresholds struct {
	ErrorRateHigh     float64 `json:"errorRateHigh"`
	ErrorRateElevated float64 `json:"errorRateElevated"`
	LatencyP99Seconds float64 `json:"latencyP99Seconds"`
	SustainedForMs    int64   `json:"sustainedForMs"`
}

func thresholdsOf(s policy.Signals) Thresholds {
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
	out := IncidentMetrics{From: from, To: to, StepMs: step.Milliseconds(), Thresholds: thresholdsOf(pol.Signals),
		Services: []ServiceMetrics{}, Uncatalogued: []string{}}
	var svcs []catalog.Service
	for _, name := range inc.Services {
		if s, ok := a.Signals.Catalog.Service(name); ok {
			svcs = append(svcs, s)
		} else {
			out.Uncatalogued = append(out.Uncatalogued, name)
		}
	}
	if a.Signals.Querier == nil {
		out.Reason = a.Signals.Unconfigured
		return http.StatusOK, out, nil
	}
	out.Services = a.queryGraphs(r.Context(), svcs, from, to, step)
	return http.StatusOK, out, nil
}

// queryGraphs runs both queries of every service at once; a failed query
// is reported on its graph and never fails the others.
func (a *API) queryGraphs(ctx context.Context, svcs []catalog.Service, from, to time.Time, step time.Duration) []ServiceMetrics {
	ctx, cancel := context.WithTimeout(ctx, a.Signals.BudgetOrDefault())
	defer cancel()
	out := make([]ServiceMetrics, len(svcs))
	var wg sync.WaitGroup
	run := func(dst *MetricQuery, query string) {
		defer wg.Done()
		*dst = MetricQuery{Query: query, Series: []MetricSeries{}}
		series, err := a.Signals.Querier.QueryRange(ctx, query, from, to, step)
		if err != nil {
			dst.Error = queryErrorText(err)
			return
		}
		for _, s := range series {
			pts := make([]GraphPoint, len(s.Samples))
			for i, p := range s.Samples {
				pts[i] = GraphPoint{T: p.T, V: p.V}
			}
			dst.Series = append(dst.Series, MetricSeries{Labels: s.Labels, Points: pts})
		}
	}
	for i, s := range svcs {
		out[i].Service = s.Name
		wg.Add(2)
		go run(&out[i].ErrorRate, a.Signals.Catalog.ErrorRateQuery(s))
		go run(&out[i].Latency, a.Signals.Catalog.LatencyQuery(s))
	}
	wg.Wait()
	return out
}

// queryErrorText keeps Prometheus client errors (written for users) and
// hides anything else.
func queryErrorText(err error) string {
	var pe *prometheus.Error
	if errors.As(err, &pe) {
		return pe.Message
	}
	if errors.Is(err, context.DeadlineExceeded) {
		return "Prometheus did not answer in time"
	}
	return "the query failed"
}
