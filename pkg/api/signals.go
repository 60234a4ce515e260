package api

import (
	"context"
	"net/http"
	"time"

	"github.com/warroom/warroom-incident-app/pkg/catalog"
	"github.com/warroom/warroom-incident-app/pkg/correlation"
	"github.com/warroom/warroom-incident-app/pkg/incident"
	"github.com/warroom/warroom-incident-app/pkg/policy"
	"github.com/warroom/warroom-incident-app/pkg/signal"
)

// Signals is where the API reads metrics: the catalog, and Prometheus when
// configured. Querier nil means "not configured" and Unconfigured says why.
type Signals struct {
	Catalog      catalog.Catalog
	Querier      signal.Querier
	Unconfigured string
	// Budget bounds one evaluation, so a slow Prometheus degrades the
	// suggestion to "unavailable" instead of stalling the declare form.
	Budget time.Duration
}

const maxExprs = 20

// evaluateRequest is what the declare form sends: the panel's PromQL and
// the alert's labels find the catalogued services; explicit services win.
type evaluateRequest struct {
	Services []string          `json:"services"`
	Exprs    []string          `json:"exprs"`
	Labels   map[string]string `json:"labels"`
	From     string            `json:"from"`
	To       string            `json:"to"`
}

// Evaluation is a suggestion, or the reason there is none.
type Evaluation struct {
	Services []string            `json:"services"`
	From     time.Time           `json:"from"`
	To       time.Time           `json:"to"`
	Result   *correlation.Result `json:"result,omitempty"`
	// Uncatalogued are requested services the catalog has no queries for.
	Uncatalogued []string `json:"uncatalogued"`
	// Reason explains a missing or unavailable suggestion in words a
	// responder can act on.
	Reason        string `json:"reason,omitempty"`
	PolicyVersion int    `json:"policyVersion"`
}

func (a *API) evaluateSignals(r *http.Request, id Identity) (int, any, error) {
	var req evaluateRequest
	if err := decodeJSON(r, &req); err != nil {
		return 0, nil, err
	}
	if len(req.Exprs) > maxExprs {
		return 0, nil, invalid("too many queries", fieldError("exprs", "at most 20 queries"))
	}
	if len(req.Services) > incident.MaxServices {
		return 0, nil, invalid("too many services", fieldError("services", "at most 20 services"))
	}
	from, to, err := parseRange(req.From, req.To, a.Now().UTC())
	if err != nil {
		return 0, nil, err
	}
	pol, err := a.currentPolicy(r.Context(), id.OrgID)
	if err != nil {
		return 0, nil, err
	}
	// Services typed on the declare form need not be catalogued; only the
	// catalogued ones have queries to evaluate.
	var services, uncatalogued []string
	for _, s := range req.Services {
		if _, ok := a.Signals.Catalog.Service(s); ok {
			services = append(services, s)
		} else {
			uncatalogued = append(uncatalogued, s)
		}
	}
	if len(req.Services) == 0 {
		services = catalog.MatchServices(a.Signals.Catalog, req.Exprs, req.Labels)
	}
	ev := a.evaluate(r.Context(), pol, services, from, to)
	ev.Uncatalogued = uncatalogued
	if ev.Uncatalogued == nil {
		ev.Uncatalogued = []string{}
	}
	return http.StatusOK, ev, nil
}

// evaluate runs the engine over services, widening a window shorter than
// twice the sustained-for duration: nothing could be sustained in it.
func (a *API) evaluate(ctx context.Context, pol policy.Policy, services []string, from, to time.Time) Evaluation {
	if min := 2 * pol.Signals.SustainedFor.D(); to.Sub(from) < min {
		from = to.Add(-min)
	}
	ev := Evaluation{Services: services, From: from, To: to, PolicyVersion: pol.Version}
	if ev.Services == nil {
		ev.Services = []string{}
	}
	switch {
	case a.Signals.Querier == nil:
		ev.Reason = a.Signals.Unconfigured
		return ev
	case len(services) == 0:
		ev.Reason = "no catalogued service matches; choose affected services from the service catalog to get a suggestion"
		return ev
	}
	budget := a.Signals.Budget
	if budget <= 0 {
		budget = 15 * time.Second
	}
	ctx, cancel := context.WithTimeout(ctx, budget)
	defer cancel()
	from, step := signal.Plan(from, to, pol.Signals.SustainedFor.D())
	ev.From = from
	res, err := signal.Evaluate(ctx, a.Signals.Querier, a.Signals.Catalog, pol, signal.Request{Services: services, From: from, To: to, Step: step})
	if err != nil {
		ev.Reason = "the metrics could not be evaluated: " + err.Error()
		return ev
	}
	ev.Result = &res
	if res.Unavailable {
		ev.Reason = "metrics unavailable: " + res.Why
	}
	return ev
}
