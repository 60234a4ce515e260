package declare

import (
	"context"
	"encoding/json"
	"testing"
	"time"

	"github.com/warroom/warroom-incident-app/pkg/incident"
	"github.com/warroom/warroom-incident-app/pkg/policy"
	"github.com/warroom/warroom-incident-app/pkg/store"
)

// onePolicy is a store that has saved one policy version.
type onePolicy struct{ version int }

func (p onePolicy) LatestPolicy(context.Context, int64) (store.PolicyRecord, error) {
	pol := policy.Default()
	pol.Version = p.version
	body, _ := json.Marshal(pol)
	return store.PolicyRecord{Version: p.version, Body: body}, nil
}

func (p onePolicy) PolicyVersion(ctx context.Context, org int64, _ int) (store.PolicyRecord, error) {
	return p.LatestPolicy(ctx, org)
}

// A declared incident runs under the org's current policy, starts
// investigating with the runbook checklist, and its "declared" event says
// what was declared and on what evidence.
func TestNewRecordsPolicyChecklistAndEvidence(t *testing.T) {
	at := time.Date(2026, 11, 29, 8, 0, 0, 0, time.UTC)
	d := incident.Declare{Title: "checkout down", Severity: incident.P2, Services: []string{"checkout"},
		Evidence: &incident.Evidence{Suggested: incident.P1, Reasons: []string{"error rate 40%"}}}
	n, declared, err := New(context.Background(), onePolicy{version: 4}, 1, "ada", d, at)
	if err != nil {
		t.Fatal(err)
	}
	if n.Details.PolicyVersion != 4 || n.Status != incident.Investigating || len(n.Details.Checklist) == 0 || n.Author != "ada" || !n.At.Equal(at) {
		t.Fatalf("incident %+v", n)
	}
	if declared.Kind != incident.EventDeclared || declared.Author != "ada" || declared.Payload["suggested"] != incident.P1 ||
		declared.Payload["title"] != "checkout down" {
		t.Fatalf("declared %+v", declared)
	}
	_, plain, err := New(context.Background(), onePolicy{version: 4}, 1, "ada", incident.Declare{Title: "t", Severity: incident.P3}, at)
	if _, ok := plain.Payload["suggested"]; ok || err != nil {
		t.Fatalf("no evidence: %+v %v", plain.Payload, err)
	}
}

// The evidence's onset is the impact start, bounded by the declaration;
// without one nothing is recorded (the impact started when declared).
func TestOnsetIsTheImpactStart(t *testing.T) {
	at := time.Date(2026, 11, 29, 8, 0, 0, 0, time.UTC)
	withOnset := func(d time.Duration) incident.Declare {
		onset := at.Add(d).In(time.FixedZone("CET", 3600))
		return incident.Declare{Title: "t", Severity: incident.P2, Services: []string{"checkout"},
			Evidence: &incident.Evidence{Suggested: incident.P1, Reasons: []string{"r"}, Onset: &onset}}
	}
	n, _, err := New(context.Background(), onePolicy{version: 1}, 1, "ada", withOnset(-12*time.Minute), at)
	if err != nil {
		t.Fatal(err)
	}
	if im := n.Details.Impact; im == nil || !im.Start.Equal(at.Add(-12*time.Minute)) || im.Start.Location() != time.UTC || im.From != "metrics" || im.Detected != nil {
		t.Fatalf("impact %+v", im)
	}
	n, _, err = New(context.Background(), onePolicy{version: 1}, 1, "ada", incident.Declare{Title: "t", Severity: incident.P3, Services: []string{"s"}}, at)
	if err != nil || n.Details.Impact != nil {
		t.Fatalf("no evidence: %+v %v", n.Details.Impact, err)
	}
	for name, d := range map[string]time.Duration{"after": time.Second, "over 32 days": -MaxOnsetBefore - time.Second} {
		errs := Check(withOnset(d), at)
		if len(errs) != 1 || errs[0].Path != "evidence.onset" {
			t.Errorf("%s: %v", name, errs)
		}
		if _, _, err := New(context.Background(), onePolicy{version: 1}, 1, "ada", withOnset(d), at); err == nil {
			t.Errorf("%s: New took it", name)
		}
	}
	if errs := Check(withOnset(-MaxOnsetBefore), at); len(errs) != 0 {
		t.Errorf("32 days before: %v", errs)
	}
}
