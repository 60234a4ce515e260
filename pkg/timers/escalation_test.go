package timers

import (
	"strings"
	"testing"
	"time"

	"github.com/warroom/warroom-incident-app/pkg/incident"
	"github.com/warroom/warroom-incident-app/pkg/policy"
)

// only keeps the firings of one kind.
func only(out Output, kind string) Output {
	var fs []Firing
	for _, f := range out.Firings {
		if f.Kind == kind {
			fs = append(fs, f)
		}
	}
	out.Firings = fs
	return out
}

func TestTiersFireOnceEachWithStableKeys(t *testing.T) {
	s := declare(t, incident.P1).steps(mins, "acknowledge")
	out := s.at(20 * mins)
	if out.CurrentTier.Who != "Senior engineer" {
		t.Errorf("current tier %+v", out.CurrentTier)
	}
	esc := timer(t, out, KindEscalation)
	if esc.Label != "Next escalation: Engineering manager" || esc.Who != "Engineering manager" || esc.State != OK || !esc.Due.Equal(at(30*mins)) {
		t.Errorf("escalation timer %+v", esc)
	}
	if got := keys(only(out, FiringTier)); got != "tier:P1:1@15m0s" {
		t.Errorf("tier firings at 20m: %s", got)
	}
	want := "tier:P1:1@15m0s tier:P1:2@30m0s tier:P1:3@1h0m0s"
	for _, now := range []time.Duration{61 * mins, 90 * mins, 5 * hrs} {
		out := s.at(now)
		if got := keys(only(out, FiringTier)); got != want {
			t.Errorf("tier firings at %v: %s, want %s", now, got, want)
		}
		expect(t, out, KindEscalation, Breached, time.Hour)
		if l := timer(t, out, KindEscalation).Label; l != "Escalated to VP Engineering / CTO" {
			t.Errorf("label %q", l)
		}
	}
	tier := only(s.at(20*mins), FiringTier).Firings[0]
	if tier.Tier == nil || tier.Tier.Who != "Senior engineer" || tier.FromSeverity != incident.P1 {
		t.Errorf("tier firing %+v", tier)
	}
}

func TestUpgradeReachesSeveralTiersAtOnce(t *testing.T) {
	out := declare(t, incident.P3).sev(40*mins, incident.P1).at(41 * mins)
	if got, want := keys(only(out, FiringTier)), "tier:P1:1@40m0s tier:P1:2@40m0s"; got != want {
		t.Errorf("got %s, want %s", got, want)
	}
}

func TestUpdateReminders(t *testing.T) {
	t.Run("one per missed period, those since the last update owed", func(t *testing.T) {
		out := declare(t, incident.P1).steps(mins, "acknowledge").update(20 * mins).at(80 * mins)
		want := "update:2@35m0s update:3@50m0s update:4@1h5m0s update:5@1h20m0s"
		if got := keys(only(out, FiringUpdate)); got != want {
			t.Errorf("reminders %s, want %s", got, want)
		}
		expect(t, out, KindUpdate, Breached, 35*mins)
		if d := timer(t, out, KindUpdate).Detail; d != "4 update(s) missed" {
			t.Errorf("detail %q", d)
		}
		if out.NextChange == nil || !out.NextChange.Equal(at(95*mins)) {
			t.Errorf("next change %v, want the next reminder at t0+95m", out.NextChange)
		}
	})
	t.Run("an update at the due time is on time", func(t *testing.T) {
		out := declare(t, incident.P2).update(30 * mins).at(31 * mins)
		if got := keys(only(out, FiringUpdate)); got != "" {
			t.Errorf("reminders %s", got)
		}
		expect(t, out, KindUpdate, OK, 60*mins)
	})
	t.Run("a notice after resolution restarts nothing", func(t *testing.T) {
		out := declare(t, incident.P2).status(40*mins, incident.Resolved).update(50 * mins).at(2 * hrs)
		expect(t, out, KindUpdate, Stopped, -1)
	})
	t.Run("a tiny cadence over a long time is counted, not walked", func(t *testing.T) {
		s := declare(t, incident.P1)
		every := policy.Duration(time.Second)
		s.pol.Levels[0].UpdateEvery = &every
		out := only(s.at(30*24*hrs), FiringUpdate)
		last := out.Firings[len(out.Firings)-1]
		if len(out.Firings) != maxStreak || last.Key != "update:2592000" || !last.At.Equal(at(30*24*hrs)) {
			t.Errorf("%d reminders, last %+v", len(out.Firings), last)
		}
		if d := timer(t, out, KindUpdate).Detail; d != "2592000 update(s) missed" {
			t.Errorf("detail %q", d)
		}
	})
	t.Run("a level without cadence owes no reminders", func(t *testing.T) {
		out := declare(t, incident.P2).sev(45*mins, incident.P3).at(50 * mins)
		if hasTimer(out, KindUpdate) || keys(only(out, FiringUpdate)) != "" {
			t.Errorf("P3 has no cadence: %+v %s", out.Timers, keys(out))
		}
		if got := keys(out); got != "tier:P3:1@45m0s" {
			t.Errorf("firings %s", got)
		}
	})
}

func TestEscalationRules(t *testing.T) {
	declared := func(sev incident.Severity) func(t *testing.T) *sim {
		return func(t *testing.T) *sim { return declare(t, sev) }
	}
	cases := []struct {
		name  string
		start func(t *testing.T) *sim
		build func(s *sim)
		now   time.Duration
		want  string
	}{
		{"P3 not yet persisting", declared(incident.P3), nil, 30*mins - sec, ""},
		{"P3 persists 30m", declared(incident.P3), nil, 30 * mins, "rule:p3-persists:P3@30m0s"},
		{"persistence counts from reaching the level", declared(incident.P4), func(s *sim) { s.sev(10*mins, incident.P3) }, 35 * mins, ""},
		{"persistence from declaration when the policy says so", declared(incident.P4), func(s *sim) {
			s.rules(func(r *policy.TimerRules) { r.PersistsSince = policy.PersistsSinceDeclared }).sev(10*mins, incident.P3)
		}, 35 * mins, "rule:p3-persists:P3@30m0s"},
		{"more than 3 customer reports", declared(incident.P3), func(s *sim) { s.reports(5*mins, 2).reports(12*mins, 4) }, 13 * mins, "rule:p3-customer-reports:P3@12m0s"},
		{"customer reports from the store", declared(incident.P3), func(s *sim) { s.reports(5*mins, 2).reports(12*mins, 4).stored() }, 13 * mins, "rule:p3-customer-reports:P3@12m0s"},
		{"3 reports are not more than 3", declared(incident.P3), func(s *sim) { s.reports(5*mins, 3) }, 13 * mins, ""},
		{"reports that dropped again", declared(incident.P3), func(s *sim) { s.reports(5*mins, 5).reports(10*mins, 1) }, 13 * mins, ""},
		{"data integrity at risk", declared(incident.P2), func(s *sim) { s.integrity(5*mins, true).stored() }, 6 * mins, "rule:p2-data-integrity:P2@5m0s"},
		{"15m without mitigation", declared(incident.P2), nil, 16 * mins, "rule:p2-no-mitigation:P2@15m0s"},
		{"mitigated in time", declared(incident.P2), func(s *sim) { s.steps(10*mins, "mitigate") }, 16 * mins, ""},
		{"multiple services", func(t *testing.T) *sim {
			s := declare(t, incident.P2)
			s.inc.Services = []string{"alerts-api", "platform-api"}
			return s
		}, nil, mins, "rule:p2-multiple-services:P2@0s"},
		{"only the current level's rules", declared(incident.P2), func(s *sim) { s.reports(5*mins, 10) }, 6 * mins, ""},
		{"after an upgrade the next level's clock starts", declared(incident.P3), func(s *sim) { s.sev(40*mins, incident.P2) }, 55*mins - sec, ""},
		{"and runs out", declared(incident.P3), func(s *sim) { s.sev(40*mins, incident.P2) }, 55 * mins, "rule:p2-no-mitigation:P2@55m0s"},
		{"nothing once resolved", declared(incident.P3), func(s *sim) { s.reports(5*mins, 9).status(6*mins, incident.Resolved) }, 7 * mins, ""},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			s := tc.start(t)
			if tc.build != nil {
				tc.build(s)
			}
			if got := keys(only(s.at(tc.now), FiringRule)); got != tc.want {
				t.Errorf("got %q, want %q", got, tc.want)
			}
		})
	}
}

func TestRuleFiringCarriesTheRule(t *testing.T) {
	s := declare(t, incident.P3)
	s.pol.Rules[1].AutoApply = true // p3-customer-reports
	out := only(s.reports(5*mins, 4).at(6*mins), FiringRule)
	if len(out.Firings) != 1 {
		t.Fatalf("firings %s", keys(out))
	}
	f := out.Firings[0]
	if f.RuleID != "p3-customer-reports" || f.FromSeverity != incident.P3 || f.ToSeverity != incident.P2 || !f.AutoApply || !strings.HasPrefix(f.Key, "rule:") {
		t.Errorf("firing %+v", f)
	}
}
