package reevaluate

import (
	"testing"

	"github.com/warroom/warroom-incident-app/pkg/correlation"
	"github.com/warroom/warroom-incident-app/pkg/incident"
	"github.com/warroom/warroom-incident-app/pkg/policy"
)

// What is remembered of a suggestion decides whether the next pass records
// anything: a level, or "match" / "ok" when there is nothing to suggest.
func TestSuggestionMarkAndDirection(t *testing.T) {
	for _, c := range []struct {
		current, suggested incident.Severity
		mark, direction    string
	}{
		{incident.P3, incident.P2, "P2", "upgrade"},
		{incident.P2, incident.P3, "P3", "downgrade"},
		{incident.P2, incident.P2, "match", "match"},
		{incident.P2, "", "ok", "recovered"},
	} {
		if got := suggestionMark(c.current, c.suggested); got != c.mark {
			t.Errorf("mark %s→%q: %q, want %q", c.current, c.suggested, got, c.mark)
		}
		if got := direction(c.current, c.suggested); got != c.direction {
			t.Errorf("direction %s→%q: %q, want %q", c.current, c.suggested, got, c.direction)
		}
	}
}

// Only an autoApply rule from the current level moves it, only upwards,
// and only on the metric conditions it names.
func TestAutoUpgradeAppliesOnlyAutoApplyMetricRules(t *testing.T) {
	errorRate := func(threshold float64) correlation.Result {
		return correlation.Result{Severity: incident.P2, Breaching: 1, Services: []correlation.ServiceFinding{{Service: "checkout",
			Signals: []correlation.SignalFinding{{Kind: correlation.ErrorRate, Sustained: true, Threshold: threshold}}}}}
	}
	pol := policy.Policy{Rules: []policy.Rule{
		{ID: "manual", From: incident.P3, To: incident.P2, ErrorRateOver: 0.05},
		{ID: "auto-error-rate", From: incident.P3, To: incident.P2, ErrorRateOver: 0.05, AutoApply: true},
		{ID: "auto-spread", From: incident.P4, To: incident.P3, MultipleServices: true, AutoApply: true},
	}}
	for _, c := range []struct {
		name    string
		current incident.Severity
		res     correlation.Result
		to      incident.Severity
		rule    string
	}{
		{"sustained error rate at the rule's ratio", incident.P3, errorRate(0.05), incident.P2, "auto-error-rate"},
		{"error rate below the rule's ratio", incident.P3, errorRate(0.01), "", ""},
		{"no rule from this level", incident.P2, errorRate(0.5), "", ""},
		{"a downgrade is never applied", incident.P1, errorRate(0.5), "", ""},
		{"nothing suggested", incident.P3, correlation.Result{}, "", ""},
		{"one breaching service is not several", incident.P4, correlation.Result{Severity: incident.P3, Breaching: 1}, "", ""},
		{"several breaching services", incident.P4, correlation.Result{Severity: incident.P3, Breaching: 2}, incident.P3, "auto-spread"},
	} {
		to, rule := autoUpgrade(pol, c.current, c.res)
		if to != c.to || rule != c.rule {
			t.Errorf("%s: %q by %q, want %q by %q", c.name, to, rule, c.to, c.rule)
		}
	}
}
