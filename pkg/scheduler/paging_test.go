package scheduler_test

import (
	"encoding/json"
	"reflect"
	"testing"
	"time"

	"github.com/warroom/warroom-incident-app/pkg/incident"
	"github.com/warroom/warroom-incident-app/pkg/notify"
	"github.com/warroom/warroom-incident-app/pkg/oncall/paging"
	"github.com/warroom/warroom-incident-app/pkg/policy"
	"github.com/warroom/warroom-incident-app/pkg/scheduler"
)

// pagingPolicy pages the primary schedule at P1's tier 0, the secondary at
// tier 1, and posts tier 1 to the "leads" channel too.
func pagingPolicy() policy.Policy {
	p := policy.Default()
	p.Levels[0].Tiers[0].Targets = []policy.Target{{Kind: policy.TargetSchedule, ID: "primary"}}
	p.Levels[0].Tiers[1].Targets = []policy.Target{{Kind: policy.TargetSchedule, ID: "secondary"}, {Kind: policy.TargetChannel, ID: "leads"}}
	return p
}

var roster = paging.Resolution{
	Reaches: []paging.Reach{
		{Target: policy.Target{Kind: policy.TargetSchedule, ID: "primary"}, People: []string{"alice"}},
		{Target: policy.Target{Kind: policy.TargetSchedule, ID: "secondary"}, People: []string{"bob"}},
	},
	Methods: map[string][]paging.Method{"alice": {{ID: "mail", Kind: "email"}, {ID: "phone", Kind: "ntfy"}}, "bob": {{ID: "mail", Kind: "email"}}},
}

func TestATierWithTargetsPagesItsPeople(t *testing.T) {
	in := scheduler.Input{Open: p3(t0), Policy: pagingPolicy(), Now: t0, Reach: &roster,
		Routes: []notify.Channel{{Name: "leads", Kind: notify.KindSlack, Severities: []incident.Severity{incident.P4}}}}
	in.Open.Incident.Severity = incident.P1
	effects := scheduler.Plan(in)
	if len(effects) != 1 || effects[0].Key != "tier:P1:0" {
		t.Fatalf("effects %+v, want the primary's page at declaration", effects)
	}
	e := effects[0]
	var chans []string
	for _, o := range e.Outbox {
		chans = append(chans, o.Channel)
	}
	if want := []string{"page/alice/mail", "page/alice/phone"}; !reflect.DeepEqual(chans, want) {
		t.Fatalf("outbox %v, want %v (tier 0 names no channel; leads takes P4 only)", chans, want)
	}
	p := incident.DecodePayload[incident.EscalationPayload](incident.Event{Payload: e.Events[0].Payload})
	if len(p.Paged) != 1 || p.Paged[0].Login != "alice" || !reflect.DeepEqual(p.Paged[0].Via, []string{"email", "ntfy"}) || p.Paged[0].Through != "schedule primary" {
		t.Errorf("paged %+v", p.Paged)
	}
	if p.Text != "Escalation tier reached at 09:00 UTC: paging On-call engineer (schedule primary)." {
		t.Errorf("text %q", p.Text)
	}

	// 15 minutes on, nobody acknowledged: the secondary is paged, and the
	// channel the tier names gets it whatever its filters say.
	in.Now = t0.Add(15 * time.Minute)
	effects = scheduler.Plan(in) // tier 0 again (claimed already), tier 1, the update reminder
	if len(effects) != 3 || effects[1].Key != "tier:P1:1" {
		t.Fatalf("%d effects at 15m, want tier:P1:1 second", len(effects))
	}
	chans = nil
	for _, o := range effects[1].Outbox {
		chans = append(chans, o.Channel)
	}
	if want := []string{"page/bob/mail", "leads"}; !reflect.DeepEqual(chans, want) {
		t.Errorf("outbox at 15m %v, want %v", chans, want)
	}
	var job paging.Job
	if err := json.Unmarshal(effects[1].Outbox[0].Payload, &job); err != nil || job.Login != "bob" || job.Firing != "tier:P1:1" || !job.NeedsAck {
		t.Errorf("job %+v %v", job, err)
	}
}

func TestAnAcknowledgedIncidentPagesNobody(t *testing.T) {
	in := scheduler.Input{Open: p3(t0), Policy: pagingPolicy(), Now: t0.Add(20 * time.Minute), Reach: &roster}
	in.Open.Incident.Severity = incident.P1
	// Acknowledged at 16m, but this back end was down at 15m: tier 1 is still
	// owed (recorded) and pages nobody.
	in.Open.Incident.Details.Steps["acknowledge"] = incident.StepMark{By: "alice", At: t0.Add(16 * time.Minute)}
	for _, e := range scheduler.Plan(in) {
		if e.Events[0].Kind != incident.EventEscalation {
			continue
		}
		if len(e.Outbox) != 0 {
			t.Errorf("%s paged %d after the acknowledgement", e.Key, len(e.Outbox))
		}
		p := incident.DecodePayload[incident.EscalationPayload](incident.Event{Payload: e.Events[0].Payload})
		if len(p.Unreached) != 1 || p.Unreached[0] != "nobody paged: alice acknowledged at 09:16 UTC" {
			t.Errorf("%s unreached %v", e.Key, p.Unreached)
		}
	}
}

func TestWithoutARosterTheTimelineSaysNobodyWasPaged(t *testing.T) {
	in := scheduler.Input{Open: p3(t0), Policy: pagingPolicy(), Now: t0}
	in.Open.Incident.Severity = incident.P1
	e := scheduler.Plan(in)[0]
	p := incident.DecodePayload[incident.EscalationPayload](incident.Event{Payload: e.Events[0].Payload})
	if len(e.Outbox) != 0 || len(p.Unreached) != 1 {
		t.Errorf("outbox %d, unreached %v", len(e.Outbox), p.Unreached)
	}
}
