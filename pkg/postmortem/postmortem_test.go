package postmortem

import (
	"strings"
	"testing"
	"time"

	"github.com/warroom/warroom-incident-app/pkg/incident"
)

func resolvedIncident() (incident.Incident, []incident.Event) {
	start := time.Date(2026, 11, 19, 10, 30, 0, 0, time.UTC)
	end := start.Add(30 * time.Minute)
	inc := incident.Incident{ID: "INC-2026-11-19-001", Title: "Orders | pool exhausted", Severity: incident.P2, Status: incident.Resolved,
		Services: []string{"orders-api"}, Summary: "Order creation failed for most users.", CreatedAt: start, ResolvedAt: &end,
		Details: incident.Details{Links: incident.Links{DashboardUID: "orders", PanelID: 4}}}
	events := []incident.Event{
		{Kind: incident.EventDeclared, Author: "eddie", At: start, Payload: map[string]any{"severity": "P2"}},
		{Kind: incident.EventNote, Author: "eddie", At: start.Add(10 * time.Minute), Payload: map[string]any{"text": "Killed long-running\nqueries"}},
		{Kind: incident.EventStatusChanged, Author: "ada", At: end, Payload: map[string]any{"from": "investigating", "to": "resolved", "reason": "error rate normal"}},
	}
	return inc, events
}

func TestMarkdownFollowsTheRunbookTemplate(t *testing.T) {
	inc, events := resolvedIncident()
	d := Prefill(inc, "eddie")
	pct, sla := 60.0, 30
	d.UsersAffectedPct, d.SLAMinutes = &pct, &sla
	d.Whys = []string{"Queries held connections", "A report ran unbounded"}
	d.ActionItems = []ActionItem{{Action: "Alert on pool usage", Owner: "ops", Priority: "High", Due: "2026-11-26"}}
	md := Markdown(inc, events, d, "SEV", time.Now())
	for _, want := range []string{
		"# Post-Mortem: INC-2026-11-19-001", "- **Severity:** SEV2", "- **Duration:** 30 minutes", "- **Reporter:** eddie",
		"| 2026-11-19 10:30 | Incident declared as P2 by eddie |", "| 2026-11-19 10:40 | eddie: Killed long-running queries |",
		"Status investigating → resolved (ada): error rate normal", "1. Queries held connections\n2. A report ran unbounded",
		"- **Users affected:** 60%", "- **SLA impact:** 30 minutes downtime", "| 1 | Alert on pool usage | ops | High | 2026-11-26 |",
		"- /d/orders?viewPanel=4", "- **Title:** Orders \\| pool exhausted", "### What went well?\n1. TBD",
	} {
		if !strings.Contains(md, want) {
			t.Errorf("missing %q in:\n%s", want, md)
		}
	}
}

func TestDueAtAndValidate(t *testing.T) {
	inc, _ := resolvedIncident()
	due, ok := DueAt(inc, 48*time.Hour)
	if !ok || !due.Equal(inc.ResolvedAt.Add(48*time.Hour)) {
		t.Fatalf("due %v %v", due, ok)
	}
	inc.ResolvedAt = nil
	if _, ok := DueAt(inc, time.Hour); ok {
		t.Fatal("an open incident has no post-mortem due date")
	}
	pct := 101.0
	d := Doc{UsersAffectedPct: &pct, ActionItems: []ActionItem{{Action: " ", Priority: "Urgent", Due: "next week"}}}
	got := map[string]bool{}
	for _, e := range d.Validate() {
		got[e.Path] = true
	}
	for _, p := range []string{"usersAffectedPct", "actionItems[0].action", "actionItems[0].owner", "actionItems[0].priority", "actionItems[0].due"} {
		if !got[p] {
			t.Errorf("no error at %s: %v", p, got)
		}
	}
}

func TestDescribeEveryEventKind(t *testing.T) {
	for _, e := range []incident.Event{
		{Kind: incident.EventReopened, Author: "a", Payload: map[string]any{"reason": "back"}},
		{Kind: incident.EventStepCompleted, Author: "a", Payload: map[string]any{"step": "acknowledge"}},
		{Kind: incident.EventChecklist, Author: "a", Payload: map[string]any{"text": "Begin log", "done": true}},
		{Kind: incident.EventStatusUpdate, Author: "a", Payload: map[string]any{"subject": "API - Resolved"}},
		{Kind: incident.EventReportsChanged, Author: "a", Payload: map[string]any{"from": 1.0, "to": 4.0}},
	} {
		if got := Describe(e); strings.Contains(got, string(e.Kind)) || !strings.Contains(got, "a") {
			t.Errorf("%s described as %q", e.Kind, got)
		}
	}
	if got := Describe(incident.Event{Kind: incident.EventStatusUpdate, Author: "a", Payload: map[string]any{"subject": "API - Resolved"}}); got != "Status update posted by a: API - Resolved" {
		t.Errorf("status update: %q", got)
	}
}

// A row that lacks a field still reads: the line shows <nil> where the field
// was, and an empty subject or a zero count as what they are.
func TestDescribeOldRowsAsTheyAlwaysRead(t *testing.T) {
	for _, c := range []struct {
		e    incident.Event
		want string
	}{
		{incident.Event{Kind: incident.EventDeclared, Author: "a"}, "Incident declared as <nil> by a"},
		{incident.Event{Kind: incident.EventSeverityChanged, Author: "a", Payload: map[string]any{"to": "P1"}}, "Severity <nil> → P1 (a)"},
		{incident.Event{Kind: incident.EventReportsChanged, Author: "a", Payload: map[string]any{"to": 0.0}}, "Customer reports <nil> → 0 (a)"},
		{incident.Event{Kind: incident.EventStatusUpdate, Author: "a", Payload: map[string]any{"subject": ""}}, "Status update posted by a: "},
		{incident.Event{Kind: incident.EventStatusUpdate, Author: "a"}, "Status update posted by a: <nil>"},
		{incident.Event{Kind: incident.EventChecklist, Author: "a", Payload: map[string]any{"text": "Begin log"}}, "Checklist: Begin log — not done (a)"},
	} {
		if got := Describe(c.e); got != c.want {
			t.Errorf("%s: %q, want %q", c.e.Kind, got, c.want)
		}
	}
}
