package servicemetrics

import (
	"context"
	"time"

	"github.com/warroom/warroom-incident-app/pkg/catalog"
	"github.com/warroom/warroom-incident-app/pkg/correlation"
	"github.com/warroom/warroom-incident-app/pkg/policy"
)

// Sources is where the app reads metrics: the catalog, and Prometheus when
// configured. Querier nil means "not configured" and Unconfigured says why.
type Sources struct {
	Catalog      catalog.Catalog
	Querier      Querier
	Unconfigured string
	// Budget bounds one evaluation, so a slow Prometheus degrades the
	// suggestion to "unavailable" instead of stalling the declare form.
	Budget time.Duration
}

// DefaultBudget bounds an evaluation when Sources.Budget is not set.
const DefaultBudget = 15 * time.Second

// BudgetOrDefault is Budget, or DefaultBudget when it is not set.
func (s Sources) BudgetOrDefault() time.Duration {
	if s.Budget <= 0 {
		return DefaultBudget
	}
	return s.Budget
}

// Evaluation is a severity suggestion from the metrics, or the reason there
// is none.
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
	// Onset is the earliest sustained breach of Result (Result.Onset):
	// what a declaration made from this suggestion sends as evidence.onset,
	// the incident's impact start.
	Onset *time.Time `json:"onset,omitempty"`
}

// Suggest runs the engine over services, widening a window shorter than
// twice the sustained-for duration: nothing could be sustained in it.
func (s Sources) Suggest(ctx context.Context, pol policy.Policy, services []string, from, to time.Time) Evaluation {
	if min := 2 * pol.Thresholds.SustainedFor.D(); to.Sub(from) < min {
		from = to.Add(-min)
	}
	ev := Evaluation{Services: services, From: from, To: to, PolicyVersion: pol.Version}
	if ev.Services == nil {
		ev.Services = []string{}
	}
	switch {
	case s.Querier == nil:
		ev.Reason = s.Unconfigured
		return ev
	case len(services) == 0:
		ev.Reason = "no catalogued service matches; choose affected services from the service catalog to get a suggestion"
		return ev
	}
	ctx, cancel := context.WithTimeout(ctx, s.BudgetOrDefault())
	defer cancel()
	from, step := Plan(from, to, pol.Thresholds.SustainedFor.D())
	ev.From = from
	res, err := Evaluate(ctx, s.Querier, s.Catalog, pol, Request{Services: services, From: from, To: to, Step: step})
	if err != nil {
		ev.Reason = "the metrics could not be evaluated: " + err.Error()
		return ev
	}
	ev.Result, ev.Onset = &res, res.Onset()
	if res.Unavailable {
		ev.Reason = "metrics unavailable: " + res.Why
	}
	return ev
}
