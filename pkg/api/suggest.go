package api

import (
	"net/http"

	"github.com/warroom/warroom-incident-app/pkg/catalog"
	"github.com/warroom/warroom-incident-app/pkg/incident"
	"github.com/warroom/warroom-incident-app/pkg/policy/policystore"
)

const maxExprs = 20

// EvaluateRequest is what the declare form sends: the panel's PromQL and
// the alert's labels find the catalogued services; explicit services win.
type EvaluateRequest struct {
	Services []string          `json:"services" tstype:",optional"`
	Exprs    []string          `json:"exprs" tstype:",optional"`
	Labels   map[string]string `json:"labels" tstype:",optional"`
	From     string            `json:"from" tstype:",optional"`
	To       string            `json:"to" tstype:",optional"`
}

func (a *API) suggestSeverity(r *http.Request, id Identity) (int, any, error) {
	var req EvaluateRequest
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
	pol, err := policystore.Current(r.Context(), a.Store, id.OrgID)
	if err != nil {
		return 0, nil, err
	}
	// Services typed on the declare form need not be catalogued; only the
	// catalogued ones have queries to evaluate.
	var services, uncatalogued []string
	for _, s := range req.Services {
		if _, ok := a.Metrics.Catalog.Service(s); ok {
			services = append(services, s)
		} else {
			uncatalogued = append(uncatalogued, s)
		}
	}
	if len(req.Services) == 0 {
		services = catalog.MatchServices(a.Metrics.Catalog, req.Exprs, req.Labels)
	}
	ev := a.Metrics.Suggest(r.Context(), pol, services, from, to)
	ev.Uncatalogued = uncatalogued
	if ev.Uncatalogued == nil {
		ev.Uncatalogued = []string{}
	}
	return http.StatusOK, ev, nil
}
