package alertintake

import (
	"context"
	"testing"
	"time"

	"github.com/warroom/warroom-incident-app/internal/testenv/testsqlite"
	"github.com/warroom/warroom-incident-app/pkg/incident"
	"github.com/warroom/warroom-incident-app/pkg/store"
)

func testIntake(t *testing.T) *Intake {
	t.Helper()
	st := testsqlite.Open(t)
	now := time.Date(2026, 11, 29, 10, 0, 0, 0, time.UTC)
	return &Intake{Store: st, Now: func() time.Time { return now }}
}

func group(status string, fingerprints ...string) Notification {
	n := Notification{GroupKey: "{}:{alertname=\"HighErrors\"}", CommonLabels: map[string]string{"alertname": "HighErrors", "service": "checkout", "severity": "critical"},
		CommonAnnotations: map[string]string{"summary": "Checkout errors\nabove 5%"}}
	for _, fp := range fingerprints {
		n.Alerts = append(n.Alerts, Alert{Status: status, Fingerprint: fp, StartsAt: time.Date(2026, 11, 29, 9, 55, 0, 0, time.UTC),
			Labels: map[string]string{"alertname": "HighErrors"}})
	}
	return n
}

// A firing group opens one incident; its next notifications attach only
// what is new; once the incident is resolved the group opens the next one.
func TestReceiveOpensAttachesAndReopens(t *testing.T) {
	ctx := context.Background()
	in := testIntake(t)
	first, err := in.Receive(ctx, 1, "grafana-sa", group("firing", "a"))
	if err != nil || first.Action != Created || first.Recorded != 1 {
		t.Fatalf("first: %+v %v", first, err)
	}
	inc, err := in.Store.GetIncident(ctx, 1, first.IncidentID)
	if err != nil {
		t.Fatal(err)
	}
	if inc.Title != "Checkout errors above 5%" || inc.Severity != incident.P2 || len(inc.Services) != 1 || inc.Services[0] != "checkout" {
		t.Fatalf("declared %+v", inc)
	}
	if im := inc.Details.Impact; im == nil || im.From != "alert" || !im.Start.Equal(time.Date(2026, 11, 29, 9, 55, 0, 0, time.UTC)) ||
		im.Detected == nil || !im.Detected.Equal(im.Start) {
		t.Fatalf("the impact started and was detected when the alert fired: %+v", im)
	}
	again, err := in.Receive(ctx, 1, "grafana-sa", group("firing", "a", "b"))
	if err != nil || again.Action != Attached || again.IncidentID != first.IncidentID || again.Recorded != 1 {
		t.Fatalf("repeat: %+v %v", again, err)
	}
	resolved := incident.Resolved
	next, changes, err := incident.Apply(inc, incident.Update{Version: inc.Version, Status: &resolved, Reason: "fixed"}, "ada", in.Now())
	if err != nil {
		t.Fatal(err)
	}
	var events []store.NewEvent
	for _, e := range changes {
		events = append(events, store.NewEvent{Kind: e.Kind, Author: e.Author, At: e.At, Payload: e.Payload})
	}
	if _, err := in.Store.UpdateIncident(ctx, next, events); err != nil {
		t.Fatal(err)
	}
	if res, err := in.Receive(ctx, 1, "grafana-sa", group("resolved", "a")); err != nil || res.Action != Ignored {
		t.Fatalf("resolved alerts of a resolved incident: %+v %v", res, err)
	}
	reopened, err := in.Receive(ctx, 1, "grafana-sa", group("firing", "a"))
	if err != nil || reopened.Action != Created || reopened.IncidentID == first.IncidentID {
		t.Fatalf("firing again: %+v %v", reopened, err)
	}
}

// A group whose alerts are all resolved and which opened nothing opens
// nothing.
func TestReceiveIgnoresResolvedOnlyGroups(t *testing.T) {
	res, err := testIntake(t).Receive(context.Background(), 1, "grafana-sa", group("resolved", "a"))
	if err != nil || res.Action != Ignored || res.IncidentID != "" {
		t.Fatalf("%+v %v", res, err)
	}
}
