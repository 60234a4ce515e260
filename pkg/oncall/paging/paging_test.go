package paging

import (
	"encoding/json"
	"reflect"
	"testing"
	"time"

	"github.com/warroom/warroom-incident-app/pkg/policy"
	"github.com/warroom/warroom-incident-app/pkg/store"
)

var in = Input{OrgID: 3, IncidentID: "INC-2026-12-06-001", Title: "API down", Severity: "P1", Firing: "tier:P1:0",
	Reason: "on call", NeedsAck: true, At: time.Date(2026, 12, 6, 3, 0, 0, 0, time.UTC)}

func TestEveryPersonIsPagedOnceThroughEachMethod(t *testing.T) {
	res := Resolution{
		Reaches: []Reach{
			{Target: policy.Target{Kind: "schedule", ID: "primary"}, People: []string{"alice"}},
			{Target: policy.Target{Kind: "team", ID: "7"}, People: []string{"alice", "bob", "carol"}},
			{Target: policy.Target{Kind: "schedule", ID: "weekend"}, Problem: "nobody is on call in schedule weekend"},
		},
		Methods: map[string][]Method{
			"alice": {{"mail", "email"}, {"phone", "ntfy"}},
			"bob":   {{"mail", "email"}},
		},
	}
	p := Plan(in, res)
	var chans []string
	for _, o := range p.Outbox {
		chans = append(chans, o.Channel)
		if o.Priority != store.PriorityPage || o.DeliveryID != "3/INC-2026-12-06-001/tier:P1:0/"+o.Channel {
			t.Errorf("row %+v", o)
		}
	}
	if want := []string{"page/alice/mail", "page/alice/phone", "page/bob/mail"}; !reflect.DeepEqual(chans, want) {
		t.Errorf("channels %v, want %v", chans, want)
	}
	want := []Recipient{
		{Login: "alice", Via: []string{"email", "ntfy"}, Through: "schedule primary"},
		{Login: "bob", Via: []string{"email"}, Through: "team 7"},
		{Login: "carol", Via: []string{}, Through: "team 7"},
	}
	if !reflect.DeepEqual(p.Recipients, want) {
		t.Errorf("recipients %+v", p.Recipients)
	}
	if want := []string{"carol has no contact method", "nobody is on call in schedule weekend"}; !reflect.DeepEqual(p.Problems, want) {
		t.Errorf("problems %v", p.Problems)
	}
	var job Job
	if err := json.Unmarshal(p.Outbox[1].Payload, &job); err != nil || job.Login != "alice" || job.Method.Kind != "ntfy" || !job.NeedsAck || job.Firing != "tier:P1:0" {
		t.Errorf("job %+v %v", job, err)
	}
}

func TestATeamPagesAtMostFiftyPeople(t *testing.T) {
	var people []string
	methods := map[string][]Method{}
	for i := range MaxPeople + 5 {
		l := string(rune('A'+i/26)) + string(rune('a'+i%26))
		people = append(people, l)
		methods[l] = []Method{{"m", "email"}}
	}
	p := Plan(in, Resolution{Reaches: []Reach{{Target: policy.Target{Kind: "team", ID: "1"}, People: people}}, Methods: methods})
	if len(p.Outbox) != MaxPeople || len(p.Problems) != 1 {
		t.Fatalf("%d rows, problems %v", len(p.Outbox), p.Problems)
	}
}

func TestChannelsRoundTrip(t *testing.T) {
	login, id, ok := ParseChannel(Channel("first.last@example.com", "m1"))
	if !ok || login != "first.last@example.com" || id != "m1" {
		t.Fatalf("%q %q %v", login, id, ok)
	}
	for _, bad := range []string{"ops", "page/", "page/alice", "page/alice/", "page//m"} {
		if _, _, ok := ParseChannel(bad); ok {
			t.Errorf("%q parsed", bad)
		}
	}
}

func TestTargetsAreDistinctAndSorted(t *testing.T) {
	tiers := []policy.Tier{
		{Targets: []policy.Target{{Kind: "user", ID: "bob"}, {Kind: "schedule", ID: "primary"}}},
		{Targets: []policy.Target{{Kind: "schedule", ID: "primary"}, {Kind: "channel", ID: "ops"}}},
	}
	got := Targets(tiers...)
	want := []policy.Target{{Kind: "channel", ID: "ops"}, {Kind: "schedule", ID: "primary"}, {Kind: "user", ID: "bob"}}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("%v", got)
	}
}
