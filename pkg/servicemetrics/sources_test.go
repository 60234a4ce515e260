package servicemetrics

import (
	"context"
	"testing"
	"time"

	"github.com/warroom/warroom-incident-app/pkg/policy"
)

// Without Prometheus, or without a catalogued service, there is no
// suggestion and the reason says what to do; a window too short for a
// sustained breach is widened to twice the sustained-for duration.
func TestSuggestExplainsAMissingSuggestion(t *testing.T) {
	pol := policy.Default()
	to := time.Date(2026, 11, 29, 10, 0, 0, 0, time.UTC)
	off := Sources{Unconfigured: "Prometheus is not configured"}
	ev := off.Suggest(context.Background(), pol, nil, to.Add(-time.Second), to)
	if ev.Result != nil || ev.Reason != "Prometheus is not configured" || ev.Services == nil || ev.PolicyVersion != pol.Version {
		t.Fatalf("unconfigured: %+v", ev)
	}
	if want := to.Add(-2 * pol.Thresholds.SustainedFor.D()); !ev.From.Equal(want) {
		t.Fatalf("window from %s, want %s", ev.From, want)
	}
	on := Sources{Querier: &hanging{}}
	if ev := on.Suggest(context.Background(), pol, nil, to.Add(-time.Hour), to); ev.Result != nil || ev.Reason == "" {
		t.Fatalf("no services: %+v", ev)
	}
	if (Sources{}).BudgetOrDefault() != DefaultBudget || (Sources{Budget: time.Second}).BudgetOrDefault() != time.Second {
		t.Fatal("budget")
	}
}
