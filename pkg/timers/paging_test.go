package timers

import (
	"testing"
	"time"

	"github.com/warroom/warroom-incident-app/pkg/incident"
	"github.com/warroom/warroom-incident-app/pkg/policy"
)

// paged gives P1's tiers targets: tier 0 the primary schedule, tier 1 the
// secondary (the 3 a.m. scenario's ladder).
func (s *sim) paged(edit func(p *policy.PagingRules)) *sim {
	s.pol.Levels[0].Tiers[0].Targets = []policy.Target{{Kind: policy.TargetSchedule, ID: "primary"}}
	s.pol.Levels[0].Tiers[1].Targets = []policy.Target{{Kind: policy.TargetSchedule, ID: "secondary"}}
	if edit != nil {
		edit(&s.pol.Paging)
	}
	if errs := s.pol.Validate(); len(errs) > 0 {
		s.t.Fatalf("test policy invalid: %v", errs)
	}
	return s
}

func TestAPagingTierZeroPagesAtDeclaration(t *testing.T) {
	out := declare(t, incident.P1).paged(nil).at(0)
	if got := keys(only(out, FiringTier)); got != "tier:P1:0@0s" {
		t.Fatalf("firings at declaration: %q, want the primary's page", got)
	}
	if f := only(out, FiringTier).Firings[0]; f.Tier.Targets[0].ID != "primary" {
		t.Errorf("tier 0 firing %+v", f.Tier)
	}
	// A ladder of notes owes nothing at declaration, as before targets.
	if got := keys(only(declare(t, incident.P1).at(0), FiringTier)); got != "" {
		t.Errorf("note-only tier 0 fired: %q", got)
	}
}

func TestAnUnansweredPageGoesToTheNextTier(t *testing.T) {
	s := declare(t, incident.P1).paged(nil)
	out := s.at(15 * mins)
	if got := keys(only(out, FiringTier)); got != "tier:P1:0@0s tier:P1:1@15m0s" {
		t.Fatalf("firings at 15m: %q", got)
	}
}

func TestAcknowledgingStopsTheLadder(t *testing.T) {
	s := declare(t, incident.P1).paged(nil).steps(20*mins, "acknowledge")
	for _, now := range []time.Duration{21 * mins, 45 * mins, 5 * hrs} {
		out := s.at(now)
		if got := keys(only(out, FiringTier)); got != "tier:P1:0@0s tier:P1:1@15m0s" {
			t.Errorf("at %v tiers %q: nothing after the acknowledgement may page", now, got)
		}
		esc := timer(t, out, KindEscalation)
		if esc.State != Stopped || esc.Label != "Escalation stopped" || esc.Due != nil || esc.Detail != "acknowledged by alice at 10:20 UTC" {
			t.Errorf("at %v escalation timer %+v", now, esc)
		}
		if out.CurrentTier.Who != "Senior engineer" {
			t.Errorf("current tier %+v: the one reached when acknowledged", out.CurrentTier)
		}
	}
	// Nothing left to wake for: the next tier (30m) must not schedule a
	// tick. Without stakeholder updates the next change is resolve-by's
	// warning (2h less 20%).
	quiet := declare(t, incident.P1).paged(nil)
	quiet.pol.Levels[0].UpdateEvery = nil
	if out := quiet.steps(20*mins, "acknowledge").at(21 * mins); out.NextChange == nil || !out.NextChange.Equal(at(96*mins)) {
		t.Errorf("next change %v, want resolve-by's warning at 96m: the stopped ladder must not wake the scheduler", out.NextChange)
	}
}

func TestAcknowledgedBeforeTheFirstTierPagesOnlyTierZero(t *testing.T) {
	out := declare(t, incident.P1).paged(nil).steps(2*mins, "acknowledge").at(3 * hrs)
	if got := keys(only(out, FiringTier)); got != "tier:P1:0@0s" {
		t.Errorf("tiers %q", got)
	}
}

func TestRepeatsStartTheLadderAgainUntilAcknowledged(t *testing.T) {
	repeat := func(p *policy.PagingRules) {
		*p = policy.PagingRules{RepeatUntilAcknowledged: true, RepeatAfter: policy.Duration(10 * mins), MaxRepeats: 2}
	}
	s := declare(t, incident.P1).paged(repeat)
	// P1's last tier is at 60m; round 1 starts at 70m (tier 0), 85m (tier 1)…
	out := s.at(71 * mins)
	want := "tier:P1:0:1@1h10m0s tier:P1:0@0s tier:P1:1@15m0s tier:P1:2@30m0s tier:P1:3@1h0m0s"
	if got := keys(only(out, FiringTier)); got != want {
		t.Fatalf("at 71m: %q\nwant %q", got, want)
	}
	esc := timer(t, out, KindEscalation)
	if esc.Label != "Next escalation: Senior engineer" || !esc.Due.Equal(at(85*mins)) {
		t.Errorf("escalation timer %+v", esc)
	}
	if esc := timer(t, s.at(65*mins), KindEscalation); esc.Label != "Paging again: On-call engineer" || !esc.Due.Equal(at(70*mins)) {
		t.Errorf("before the repeat: %+v", esc)
	}
	// Two repeats at most: 3 rounds × 4 tiers, minus nothing (tier 0 pages).
	if n := len(only(s.at(24*hrs), FiringTier).Firings); n != 12 {
		t.Errorf("%d tier firings after a day, want 12 (bounded)", n)
	}
	// Acknowledged in round 1: round 2 never starts.
	acked := declare(t, incident.P1).paged(repeat).steps(72*mins, "acknowledge")
	if n := len(only(acked.at(24*hrs), FiringTier).Firings); n != 5 {
		t.Errorf("%d tier firings after an acknowledgement in round 1, want 5", n)
	}
}

func TestANoteOnlyLadderKeepsEngagingAfterAcknowledgement(t *testing.T) {
	out := declare(t, incident.P1).steps(mins, "acknowledge").at(31 * mins)
	if got := keys(only(out, FiringTier)); got != "tier:P1:1@15m0s tier:P1:2@30m0s" {
		t.Errorf("tiers %q: free-text tiers keep the runbooks' time-based engagement", got)
	}
}
