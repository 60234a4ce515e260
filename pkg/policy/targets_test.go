package policy

import (
	"encoding/json"
	"errors"
	"reflect"
	"testing"
	"time"

	"github.com/warroom/warroom-incident-app/pkg/incident"
)

// dirOf is a directory of the targets that exist.
type dirOf map[Target]bool

func (d dirOf) Exists(kind, id string) (bool, error) { return d[Target{kind, id}], nil }

type brokenDir struct{}

func (brokenDir) Exists(string, string) (bool, error) {
	return false, errors.New("grafana unreachable")
}

func withTargets(tiers ...[]Target) Policy {
	p := Default()
	for i, ts := range tiers {
		p.Levels[0].Tiers[i].Targets = ts
	}
	return p
}

func TestTargetsNeedAKindAndAnID(t *testing.T) {
	p := withTargets([]Target{{"schedule", "primary"}, {"pager", "x"}, {"user", ""}, {"schedule", "primary"}})
	p.Levels[0].Tiers[1].Who, p.Levels[0].Tiers[1].Targets = "", nil
	got := paths(p.Validate())
	want := []string{
		"levels[0].tiers[0].targets[1].kind",
		"levels[0].tiers[0].targets[2].id",
		"levels[0].tiers[0].targets[3]",
		"levels[0].tiers[1].who",
	}
	if !reflect.DeepEqual(got, want) {
		t.Fatalf("errors at %v, want %v", got, want)
	}
}

func TestATierWithTargetsNeedsNoNote(t *testing.T) {
	p := withTargets([]Target{{"schedule", "primary"}})
	p.Levels[0].Tiers[0].Who = ""
	if errs := p.Validate(); len(errs) != 0 {
		t.Fatalf("a tier that pages a schedule is complete without a note: %v", errs)
	}
}

func TestTooManyTargetsAreRefused(t *testing.T) {
	var many []Target
	for i := 0; i <= MaxTargets; i++ {
		many = append(many, Target{"user", string(rune('a' + i))})
	}
	if got := paths(withTargets(many).Validate()); !reflect.DeepEqual(got, []string{"levels[0].tiers[0].targets"}) {
		t.Fatalf("errors at %v", got)
	}
}

func TestTargetsThatDoNotExistAreNamedByPath(t *testing.T) {
	p := withTargets([]Target{{"schedule", "primary"}, {"user", "ghost"}}, []Target{{"team", "7"}, {"channel", "ops"}})
	errs, err := p.ValidateTargets(dirOf{{"schedule", "primary"}: true, {"channel", "ops"}: true})
	if err != nil {
		t.Fatal(err)
	}
	want := []string{"levels[0].tiers[0].targets[1].id", "levels[0].tiers[1].targets[0].id"}
	if got := paths(errs); !reflect.DeepEqual(got, want) {
		t.Fatalf("errors at %v, want %v", got, want)
	}
	if errs[0].Message != `no user "ghost" exists in this org` {
		t.Errorf("message %q", errs[0].Message)
	}
}

func TestAnUncheckableDirectoryRefusesTheSave(t *testing.T) {
	if _, err := withTargets([]Target{{"user", "alice"}}).ValidateTargets(brokenDir{}); err == nil {
		t.Fatal("a target nobody could check was accepted")
	}
}

func TestRepeatsAreBounded(t *testing.T) {
	p := Default()
	p.Paging = PagingRules{RepeatUntilAcknowledged: true, RepeatAfter: 0, MaxRepeats: MaxRepeatsLimit + 1}
	if got := paths(p.Validate()); !reflect.DeepEqual(got, []string{"paging.repeatAfter", "paging.maxRepeats"}) {
		t.Fatalf("errors at %v", got)
	}
	p.Paging = PagingRules{RepeatUntilAcknowledged: false}
	if errs := p.Validate(); len(errs) != 0 {
		t.Fatalf("repeats off need no settings: %v", errs)
	}
}

func TestPoliciesSavedBeforeTargetsStillDecode(t *testing.T) {
	old := Default()
	old.Paging = PagingRules{}
	body, _ := json.Marshal(old)
	var raw map[string]any
	_ = json.Unmarshal(body, &raw)
	delete(raw, "paging")
	body, _ = json.Marshal(raw)
	p, err := Decode(body, 3)
	if err != nil {
		t.Fatal(err)
	}
	if p.Paging != DefaultPagingRules() || p.Paging.RepeatUntilAcknowledged {
		t.Errorf("paging %+v, want the defaults (no repeats)", p.Paging)
	}
	if p.Levels[0].Tiers[1].Who != "Senior engineer" || p.Levels[0].Tiers[1].Targets != nil {
		t.Errorf("a free-text tier must stay a note: %+v", p.Levels[0].Tiers[1])
	}
	if errs := p.Validate(); len(errs) != 0 {
		t.Fatalf("an old policy must stay valid: %v", errs)
	}
	if p.Paging.RepeatAfter.D() != 15*time.Minute {
		t.Errorf("repeatAfter %v", p.Paging.RepeatAfter)
	}
}

func paths(errs []incident.FieldError) []string {
	var out []string
	for _, e := range errs {
		out = append(out, e.Path)
	}
	return out
}
