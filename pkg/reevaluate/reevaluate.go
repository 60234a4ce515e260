// Package reevaluate checks the metrics of an org's open incidents again
// and records on their timelines when they now justify another severity.
package reevaluate

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/warroom/warroom-incident-app/pkg/correlation"
	"github.com/warroom/warroom-incident-app/pkg/incident"
	"github.com/warroom/warroom-incident-app/pkg/policy"
	"github.com/warroom/warroom-incident-app/pkg/policy/policystore"
	"github.com/warroom/warroom-incident-app/pkg/servicemetrics"
	"github.com/warroom/warroom-incident-app/pkg/store"
	"github.com/warroom/warroom-incident-app/pkg/timeline"
)

// Reevaluator re-checks the incidents of one store against the metrics.
type Reevaluator struct {
	Store   store.Store
	Metrics servicemetrics.Sources
	Now     func() time.Time
}

// Run checks the metrics of every open incident of the org once and
// records on its timeline when they now justify another severity. It
// changes a severity only where an escalation rule says autoApply. Each
// suggestion is recorded once: the last one is kept on the incident and the
// write is a compare-and-swap, so several back ends running this at once
// record it once. It returns how many incidents got a new entry.
func (re *Reevaluator) Run(ctx context.Context, orgID int64) (int, error) {
	if re.Metrics.Querier == nil {
		return 0, nil
	}
	open := []incident.Status{incident.Investigating, incident.Identified, incident.Monitoring}
	page, err := re.Store.ListIncidents(ctx, orgID, store.Filter{Statuses: open, Limit: 500, Sort: store.SortUpdated, Desc: true})
	if err != nil {
		return 0, err
	}
	recorded := 0
	// Most open incidents share a policy version: read each version once per pass.
	policies := policystore.NewCache(re.Store, orgID)
	for _, inc := range page.Items {
		if ctx.Err() != nil {
			return recorded, ctx.Err()
		}
		pol, err := policies.Get(ctx, inc.Details.PolicyVersion)
		if err != nil {
			return recorded, err
		}
		ok, err := re.one(ctx, inc, pol)
		if err != nil && !errors.Is(err, store.ErrConflict) {
			return recorded, err
		}
		if ok {
			recorded++
		}
	}
	return recorded, nil
}

func (re *Reevaluator) one(ctx context.Context, inc incident.Incident, pol policy.Policy) (bool, error) {
	var services []string
	for _, s := range inc.Services {
		if _, ok := re.Metrics.Catalog.Service(s); ok {
			services = append(services, s)
		}
	}
	if len(services) == 0 {
		return false, nil
	}
	now := re.Now().UTC()
	ev := re.Metrics.Suggest(ctx, pol, services, now.Add(-3*pol.Thresholds.SustainedFor.D()), now)
	if ev.Result == nil || ev.Result.Unavailable {
		return false, nil // an unreachable Prometheus is not news for every incident
	}
	res := *ev.Result
	mark := suggestionMark(inc.Severity, res.Severity)
	to, rule := autoUpgrade(pol, inc.Severity, res)
	if mark == inc.Details.MetricSuggestion && to == "" {
		return false, nil
	}
	next := inc
	next.Details.MetricSuggestion = mark
	if ev.Onset != nil {
		next = incident.ProposeImpact(next, *ev.Onset)
	}
	next.UpdatedAt = now
	suggested := incident.SeveritySuggestedPayload{Current: inc.Severity, Suggested: res.Severity, Direction: direction(inc.Severity, res.Severity),
		Reasons: timeline.ClipReasons(res.Reasons), Rules: res.Rules, Onset: ev.Onset}
	var changes []incident.Event
	if to != "" {
		changed, severityChanges, err := incident.Apply(next, incident.Update{Version: inc.Version, Severity: &to,
			Reason: fmt.Sprintf("metrics re-evaluation: escalation rule %s applies automatically", rule)}, timeline.SystemAuthor, now)
		if err != nil {
			return false, err
		}
		next, changes = changed, severityChanges
		next.Details.MetricSuggestion = suggestionMark(to, res.Severity)
		suggested.Applied, suggested.Rule = true, rule
	}
	events := append([]incident.Event{incident.NewEvent(incident.EventSeveritySuggested, timeline.SystemAuthor, now, suggested)}, changes...)
	_, err := re.Store.UpdateIncident(ctx, next, timeline.NewEvents(events))
	return err == nil, err
}

// suggestionMark is what is remembered of a suggestion: the level, or
// "match" / "ok" when there is nothing to suggest.
func suggestionMark(current, suggested incident.Severity) string {
	switch suggested {
	case "":
		return "ok"
	case current:
		return "match"
	}
	return string(suggested)
}

func direction(current, suggested incident.Severity) string {
	switch {
	case suggested == "":
		return "recovered"
	case suggested == current:
		return "match"
	case suggested < current: // "P1" < "P2": more severe
		return "upgrade"
	}
	return "downgrade"
}

// autoUpgrade returns the level an autoApply rule moves current to given
// the metric findings, or "". Only metric conditions count here (error rate,
// several services); time and report conditions are the timers' job.
func autoUpgrade(pol policy.Policy, current incident.Severity, res correlation.Result) (incident.Severity, string) {
	if res.Severity == "" || res.Severity >= current {
		return "", ""
	}
	for _, r := range pol.Rules {
		if !r.AutoApply || r.From != current {
			continue
		}
		if (r.ErrorRateOver > 0 && errorRateSustainedOver(res, r.ErrorRateOver)) || (r.MultipleServices && res.Breaching >= 2) {
			return r.To, r.ID
		}
	}
	return "", ""
}

func errorRateSustainedOver(res correlation.Result, ratio float64) bool {
	for _, s := range res.Services {
		for _, f := range s.Signals {
			if f.Kind == correlation.ErrorRate && f.Sustained && f.Threshold >= ratio {
				return true
			}
		}
	}
	return false
}
