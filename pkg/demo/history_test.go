package demo

import (
	"context"
	"encoding/json"
	"reflect"
	"slices"
	"testing"
	"time"

	"github.com/warroom/warroom-incident-app/internal/testenv/testsqlite"
	"github.com/warroom/warroom-incident-app/pkg/incident"
	"github.com/warroom/warroom-incident-app/pkg/insights"
	"github.com/warroom/warroom-incident-app/pkg/policy"
	"github.com/warroom/warroom-incident-app/pkg/scheduler"
	"github.com/warroom/warroom-incident-app/pkg/store"
	"github.com/warroom/warroom-incident-app/pkg/timers"
)

// The history is the same for the same clock, spans the weeks before the
// scenarios over every severity, service and impact source, and is over
// (but for late post-mortems) well before the seed.
func TestPastIncidentsAreFixedAndVaried(t *testing.T) {
	now := time.Date(2026, 11, 29, 12, 0, 0, 0, time.UTC)
	past := PastIncidents(now)
	if !reflect.DeepEqual(past, PastIncidents(now)) {
		t.Fatal("two histories for one clock")
	}
	if shifted := PastIncidents(now.Add(time.Hour)); shifted[0].Title != past[0].Title || !shifted[0].Declared.Equal(past[0].Declared.Add(time.Hour)) {
		t.Errorf("a later clock changes the history, not only its times: %+v", shifted[0])
	}
	if len(past) < 60 || len(past) > 120 {
		t.Fatalf("%d past incidents", len(past))
	}
	seen := map[string]bool{}
	for _, s := range Scenarios {
		seen[s.Title] = true
	}
	for i, p := range past {
		if seen[p.Title] {
			t.Errorf("%d: a scenario's title %q", i, p.Title)
		}
		seen[string(p.Severity)], seen[p.Service], seen[p.ImpactFrom] = true, true, true
		if i > 0 && p.Declared.Before(past[i-1].Declared) {
			t.Errorf("%d: declared %s before the one before it", i, p.Declared)
		}
		if p.Declared.Before(now.Add(-pastWeeks*7*24*time.Hour)) || p.Declared.After(now.Add(-pastEnd)) || p.Impact.After(p.Declared) {
			t.Errorf("%d: declared %s, impact %s", i, p.Declared, p.Impact)
		}
		if !slices.IsSortedFunc(p.Actions, func(a, b Action) int { return a.At.Compare(b.At) }) {
			t.Errorf("%d: actions out of order", i)
		}
		for _, a := range p.Actions {
			if a.At.Before(p.Declared) || (a.Postmortem == nil && a.At.After(now.Add(-6*time.Hour))) || !a.At.Before(now) {
				t.Errorf("%d: an action at %s (declared %s)", i, a.At, p.Declared)
			}
		}
		if spans := openSpans(p); len(spans) == 0 {
			t.Errorf("%d: never resolved", i)
		}
	}
	for _, s := range Scenarios {
		if !seen[s.Service] {
			t.Errorf("no past incident of %s", s.Service)
		}
	}
	for _, k := range []string{"P1", "P2", "P3", "P4", insights.FromMetrics, insights.FromAlert, insights.FromDeclared} {
		if !seen[k] {
			t.Errorf("no past incident with %s", k)
		}
	}
}

// Seeded through the product's paths and read back as the Insights read
// it, the history is in time order, owes the scheduler nothing, and has
// what the measures need: every incident acknowledged,
// mitigated and resolved; some reopened, escalated, with a severity change,
// updates on time and late, post-mortems on time and late with action items
// done and open.
func TestSeededHistoryFeedsTheInsights(t *testing.T) {
	ctx := context.Background()
	st := testsqlite.Open(t)
	now := time.Date(2026, 11, 29, 12, 0, 0, 0, time.UTC)
	if _, err := Seed(ctx, st, 1, "ada", now); err != nil {
		t.Fatal(err)
	}
	page, err := st.ListIncidents(ctx, 1, store.Filter{Statuses: []incident.Status{incident.Resolved}, Limit: 500})
	if err != nil {
		t.Fatal(err)
	}
	counts := map[string]int{}
	for _, inc := range page.Items {
		if inc.CreatedAt.After(now.Add(-pastEnd)) {
			continue // a scenario
		}
		counts["incidents"]++
		events, err := st.ListEvents(ctx, 1, inc.ID, 0)
		if err != nil {
			t.Fatal(err)
		}
		for _, e := range events {
			counts[string(e.Kind)]++
		}
		for i := 1; i < len(events); i++ {
			if events[i].At.Before(events[i-1].At) {
				t.Errorf("%s: event %d (%s) at %s, before the one before it", inc.ID, events[i].Seq, events[i].Kind, events[i].At)
			}
		}
		out := timers.Compute(timers.Input{Incident: inc, Events: events, Policy: policy.Default(), Now: now})
		if len(out.Firings) > 0 {
			t.Errorf("%s: the scheduler still owes %+v", inc.ID, out.Firings)
		}
		r := insights.Derive(inc, events, out)
		if r.Acknowledged == nil || r.Mitigated == nil || r.Resolved == nil {
			t.Errorf("%s: acknowledged %v, mitigated %v, resolved %v", inc.ID, r.Acknowledged, r.Mitigated, r.Resolved)
		}
		counts["from "+r.ImpactFrom]++
		counts["updates "+string(r.Updates)]++
		counts["postmortem "+string(r.Postmortem)]++
		counts["respond "+string(r.Respond)]++
		counts["open items"] += len(r.OpenDue)
		counts["items"] += r.ActionItems
		if r.Reopened > 0 {
			counts["reopened incidents"]++
		}
		if r.Escalations > 0 {
			counts["escalated incidents"]++
		}
	}
	for _, k := range []string{"from metrics", "from alert", "from declared", "reopened", "severity_changed", "status_update",
		"update_due", "escalation", "postmortem_updated", "alert_firing", "updates met", "updates breached",
		"postmortem met", "postmortem breached", "respond met", "respond breached", "reopened incidents", "escalated incidents"} {
		if counts[k] == 0 {
			t.Errorf("nothing %s in the history: %v", k, counts)
		}
	}
	if counts["incidents"] != pastCount {
		t.Errorf("%d past incidents resolved, want %d", counts["incidents"], pastCount)
	}
	if open := counts["open items"]; open == 0 || open == counts["items"] {
		t.Errorf("%d of %d action items open", open, counts["items"])
	}
}

// Under a policy whose escalation rules apply themselves, the scheduler's
// plan changes severities during the replay; the history is still written,
// and the changes are on the timelines as the scheduler records them.
func TestSeedReplaysAutomaticEscalations(t *testing.T) {
	ctx := context.Background()
	st := testsqlite.Open(t)
	now := time.Date(2026, 11, 29, 12, 0, 0, 0, time.UTC)
	pol := policy.Default()
	for i := range pol.Rules {
		pol.Rules[i].AutoApply = true
	}
	body, err := json.Marshal(pol)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := st.SavePolicy(ctx, 1, 1, body, "ada", now.Add(-pastWeeks*8*24*time.Hour)); err != nil {
		t.Fatal(err)
	}
	if n, err := Seed(ctx, st, 1, "ada", now); err != nil || n != pastCount+len(Scenarios) {
		t.Fatalf("seed: %d (%v)", n, err)
	}
	page, err := st.ListIncidents(ctx, 1, store.Filter{Statuses: []incident.Status{incident.Resolved}, Limit: 500})
	if err != nil {
		t.Fatal(err)
	}
	automatic := 0
	for _, inc := range page.Items {
		events, err := st.ListEvents(ctx, 1, inc.ID, 0)
		if err != nil {
			t.Fatal(err)
		}
		for _, e := range events {
			if e.Kind == incident.EventSeverityChanged && e.Author == scheduler.Author {
				automatic++
			}
		}
	}
	if automatic == 0 {
		t.Error("no severity changed by an escalation rule")
	}
}
