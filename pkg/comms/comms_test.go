package comms

import (
	"strings"
	"testing"
	"time"

	"github.com/warroom/warroom-incident-app/pkg/incident"
	"github.com/warroom/warroom-incident-app/pkg/policy"
)

func p1(now time.Time) Context {
	return Context{
		Incident: incident.Incident{ID: "INC-2026-11-29-001", Title: "Checkout down", Severity: incident.P1, Status: incident.Investigating,
			Services: []string{"checkout-api", "orders-api"}, Summary: "All checkout requests fail with 502.", CreatedAt: now.Add(-95 * time.Minute)},
		Policy: policy.Default(), Now: now, Commander: "Ada",
	}
}

func TestRenderFillsWhatTheDataAllows(t *testing.T) {
	now := time.Date(2026, 11, 29, 10, 0, 0, 0, time.UTC)
	var internal Template
	for _, tpl := range Defaults() {
		if tpl.ID == "internal-p1" {
			internal = tpl
		}
	}
	m := Render(internal, p1(now))
	for _, want := range []string{"[INCIDENT] P1 - checkout-api, orders-api Checkout down", "Incident ID: INC-2026-11-29-001",
		"Severity: P1 - Critical", "Started: 2026-11-29 08:25 UTC", "Next Update: 10:15 UTC", "Incident Commander: Ada",
		"All checkout requests fail with 502.", "Notified: All hands"} {
		if !strings.Contains(m.Subject+"\n"+m.Body, want) {
			t.Errorf("missing %q in:\n%s\n%s", want, m.Subject, m.Body)
		}
	}
	if strings.Join(m.Missing, ",") != "actionsTaken,impact" || !strings.Contains(m.Body, "Impact: [impact]") {
		t.Errorf("missing placeholders: %v\n%s", m.Missing, m.Body)
	}
}

func TestRenderUsesTypedValuesAndSEVLabels(t *testing.T) {
	now := time.Date(2026, 11, 29, 10, 0, 0, 0, time.UTC)
	c := p1(now)
	resolved := now
	c.Incident.ResolvedAt = &resolved
	c.Incident.Status = incident.Resolved
	c.Policy.Labels = "SEV"
	c.Extra = map[string]string{"symptoms": "failed checkouts", "whatHappened": "A bad deploy was rolled back.", "duration": ""}
	m := Render(Template{Subject: "{{severity}} {{status}}", Body: "{{symptoms}} / {{whatHappened}} / {{duration}} / {{ unknownThing }}"}, c)
	if m.Subject != "SEV1 Resolved" {
		t.Errorf("subject %q", m.Subject)
	}
	if m.Body != "failed checkouts / A bad deploy was rolled back. / 1 hour 35 minutes / [unknownThing]" {
		t.Errorf("body %q (an empty typed value must not blank a derived one)", m.Body)
	}
}

func TestEveryDefaultTemplateRendersWithoutBrokenPlaceholders(t *testing.T) {
	now := time.Date(2026, 11, 29, 10, 0, 0, 0, time.UTC)
	ids := map[string]bool{}
	for _, tpl := range Defaults() {
		if ids[tpl.ID] {
			t.Fatalf("duplicate template id %s", tpl.ID)
		}
		ids[tpl.ID] = true
		m := Render(tpl, p1(now))
		if strings.Contains(m.Subject+m.Body, "{{") {
			t.Errorf("%s left a raw placeholder: %s", tpl.ID, m.Body)
		}
	}
	for _, want := range []string{"status-investigating", "status-identified", "status-monitoring", "status-resolved", "internal-p1", "customer-notice", "post-incident-summary"} {
		if !ids[want] {
			t.Errorf("template %s missing", want)
		}
	}
}

func TestHumanDuration(t *testing.T) {
	for d, want := range map[time.Duration]string{0: "0 minutes", time.Minute: "1 minute", 90 * time.Minute: "1 hour 30 minutes",
		2 * time.Hour: "2 hours", -time.Hour: "0 minutes", 61 * time.Minute: "1 hour 1 minute"} {
		if got := HumanDuration(d); got != want {
			t.Errorf("%v: got %q want %q", d, got, want)
		}
	}
}
