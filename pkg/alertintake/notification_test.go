package alertintake

import (
	"testing"

	"github.com/warroom/warroom-incident-app/pkg/incident"
)

func TestSeverityFromLabel(t *testing.T) {
	for label, want := range map[string]incident.Severity{
		"P1": incident.P1, " sev2 ": incident.P2, "critical": incident.P2, "page": incident.P2,
		"info": incident.P4, "low": incident.P4, "warning": incident.P3, "": incident.P3,
	} {
		if got := severityFromLabel(label); got != want {
			t.Errorf("%q: %s, want %s", label, got, want)
		}
	}
}

func TestLinksFromAlert(t *testing.T) {
	l := linksFromAlert(Alert{
		PanelURL:     "https://grafana.example/d/abc-123/checkout?orgId=1&viewPanel=7",
		DashboardURL: "https://grafana.example/d/other/x",
		GeneratorURL: "https://grafana.example/alerting/grafana/rule_9/view",
	})
	if l.DashboardUID != "abc-123" || l.PanelID != 7 || l.AlertRuleUID != "rule_9" {
		t.Fatalf("%+v", l)
	}
	if l := linksFromAlert(Alert{PanelURL: "::not a url", GeneratorURL: "https://elsewhere/x"}); l != (incident.Links{}) {
		t.Fatalf("no links expected: %+v", l)
	}
}

// The dedup key is the group key, else the first fingerprint, else the
// common labels in any order.
func TestDedupKeyFallsBackToFingerprintThenLabels(t *testing.T) {
	byGroup := Notification{GroupKey: "g", Alerts: []Alert{{Fingerprint: "f"}}}
	byFingerprint := Notification{Alerts: []Alert{{Fingerprint: "f"}}}
	byLabels := Notification{CommonLabels: map[string]string{"a": "1", "b": "2"}}
	sameLabels := Notification{CommonLabels: map[string]string{"b": "2", "a": "1"}}
	if byGroup.groupKey() != "g" || byFingerprint.groupKey() != "fp:f" || byLabels.groupKey() != "labels:a=1,b=2" {
		t.Fatalf("%q %q %q", byGroup.groupKey(), byFingerprint.groupKey(), byLabels.groupKey())
	}
	if byLabels.dedupKey() != sameLabels.dedupKey() || byLabels.dedupKey() == byGroup.dedupKey() {
		t.Fatal("the dedup key must follow the group, not the map order")
	}
}

// Names lose line breaks and tabs; annotation values keep them.
func TestCleanNamesKeepsAnnotationText(t *testing.T) {
	n := Notification{GroupKey: "g\n1", CommonLabels: map[string]string{"a\tb": "x\ny"},
		CommonAnnotations: map[string]string{"desc\n": "line 1\nline 2"},
		Alerts:            []Alert{{Fingerprint: "f\r1", Labels: map[string]string{"l": "v\t"}}}}
	n.CleanNames()
	if n.GroupKey != "g1" || n.CommonLabels["ab"] != "xy" || n.CommonAnnotations["desc"] != "line 1\nline 2" ||
		n.Alerts[0].Fingerprint != "f1" || n.Alerts[0].Labels["l"] != "v" {
		t.Fatalf("%+v", n)
	}
}
