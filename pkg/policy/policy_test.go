package policy

import (
	"encoding/json"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/warroom/warroom-incident-app/pkg/incident"
)

func TestDefaultIsValidAndMatchesTheRunbooks(t *testing.T) {
	p := Default()
	if errs := p.Validate(); len(errs) != 0 {
		t.Fatalf("default policy invalid: %v", errs)
	}
	want := map[incident.Severity][3]string{ // respond, resolve, updates
		incident.P1: {"15m", "2h", "15m"}, incident.P2: {"30m", "8h", "30m"},
		incident.P3: {"2h", "24h", "-"}, incident.P4: {"24h", "-", "-"},
	}
	show := func(d *Duration) string {
		if d == nil {
			return "-"
		}
		return formatDuration(d.D())
	}
	for s, w := range want {
		l, ok := p.Level(s)
		if !ok {
			t.Fatalf("%s missing", s)
		}
		got := [3]string{formatDuration(l.RespondWithin.D()), show(l.ResolveWithin), show(l.UpdateEvery)}
		if got != w {
			t.Errorf("%s: got %v want %v", s, got, w)
		}
	}
	p1, _ := p.Level(incident.P1)
	if len(p1.Tiers) != 4 || p1.Tiers[3].After.D() != time.Hour || !strings.Contains(p1.Tiers[3].Who, "CTO") {
		t.Errorf("P1 tiers: %+v", p1.Tiers)
	}
	if p.PostmortemDue.D() != 48*time.Hour {
		t.Errorf("post-mortem due %v", p.PostmortemDue.D())
	}
}

func TestPolicyJSONRoundTrip(t *testing.T) {
	b, err := json.Marshal(Default())
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(b), `"respondWithin":"15m"`) || !strings.Contains(string(b), `"resolveWithin":"2h"`) {
		t.Fatalf("durations not written as text: %s", b)
	}
	var back Policy
	if err := json.Unmarshal(b, &back); err != nil {
		t.Fatal(err)
	}
	b2, _ := json.Marshal(back)
	if string(b) != string(b2) {
		t.Fatalf("round trip changed the policy:\n%s\n%s", b, b2)
	}
	if err := json.Unmarshal([]byte(`{"postmortemDue":"soon"}`), &back); err == nil {
		t.Fatal("a bad duration must not parse")
	}
}

func TestValidateNamesEveryBadField(t *testing.T) {
	cases := []struct {
		name string
		edit func(p *Policy)
		path string
	}{
		{"unknown level", func(p *Policy) { p.Levels[0].Severity = "P0" }, "levels[0].severity"},
		{"duplicate level", func(p *Policy) { p.Levels[1].Severity = incident.P1 }, "levels[1].severity"},
		{"missing level", func(p *Policy) { p.Levels = p.Levels[:3] }, "levels"},
		{"zero respond", func(p *Policy) { p.Levels[0].RespondWithin = 0 }, "levels[0].respondWithin"},
		{"negative respond", func(p *Policy) { p.Levels[2].RespondWithin = Duration(-time.Minute) }, "levels[2].respondWithin"},
		{"zero resolve", func(p *Policy) { p.Levels[1].ResolveWithin = ptr(0) }, "levels[1].resolveWithin"},
		{"negative cadence", func(p *Policy) { p.Levels[0].UpdateEvery = ptr(-time.Second) }, "levels[0].updateEvery"},
		{"first tier late", func(p *Policy) { p.Levels[0].Tiers[0].After = Duration(time.Minute) }, "levels[0].tiers[0].after"},
		{"unordered tiers", func(p *Policy) { p.Levels[0].Tiers[2].After = Duration(10 * time.Minute) }, "levels[0].tiers[2].after"},
		{"overlapping tiers", func(p *Policy) { p.Levels[0].Tiers[2].After = p.Levels[0].Tiers[1].After }, "levels[0].tiers[2].after"},
		{"no tiers", func(p *Policy) { p.Levels[3].Tiers = nil }, "levels[3].tiers"},
		{"nameless tier", func(p *Policy) { p.Levels[3].Tiers[0].Who = " " }, "levels[3].tiers[0].who"},
		{"rule downgrades", func(p *Policy) { p.Rules[0].To = incident.P4 }, "rules[0].to"},
		{"rule unknown level", func(p *Policy) { p.Rules[1].From = "SEV9" }, "rules[1].from"},
		{"rule zero duration", func(p *Policy) { p.Rules[0].PersistsFor = ptr(0) }, "rules[0].persistsFor"},
		{"rule error rate as percent", func(p *Policy) { p.Rules[2].ErrorRateOver = 5 }, "rules[2].errorRateOver"},
		{"rule without condition", func(p *Policy) { p.Rules[3].MultipleServices = false }, "rules[3]"},
		{"duplicate rule id", func(p *Policy) { p.Rules[1].ID = p.Rules[0].ID }, "rules[1].id"},
		{"labels", func(p *Policy) { p.Labels = "S" }, "labels"},
		{"post-mortem due", func(p *Policy) { p.PostmortemDue = 0 }, "postmortemDue"},
		{"timer rules missing", func(p *Policy) { p.Timers = TimerRules{} }, "timers.persistsSince"},
		{"warning fraction whole window", func(p *Policy) { p.Timers.WarningFraction = 1 }, "timers.warningFraction"},
		{"warning fraction negative", func(p *Policy) { p.Timers.WarningFraction = -0.1 }, "timers.warningFraction"},
		{"unknown anchor", func(p *Policy) { p.Timers.OnUpgrade.Respond = "later" }, "timers.onUpgrade.respond"},
		{"escalation cannot be kept", func(p *Policy) { p.Timers.OnDowngrade.Escalation = Keep }, "timers.onDowngrade.escalation"},
		{"best-effort resolve cannot be kept", func(p *Policy) { p.Timers.OnUpgrade.Resolve = Keep }, "timers.onUpgrade.resolve"},
		{"persists since", func(p *Policy) { p.Timers.PersistsSince = "ever" }, "timers.persistsSince"},
		{"negative clock skew", func(p *Policy) { p.Timers.ClockSkew = Duration(-time.Second) }, "timers.clockSkew"},
		{"clock skew beyond a broken clock", func(p *Policy) { p.Timers.ClockSkew = Duration(time.Hour) }, "timers.clockSkew"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			p := Default()
			tc.edit(&p)
			errs := p.Validate()
			for _, e := range errs {
				if e.Path == tc.path {
					return
				}
			}
			t.Fatalf("want an error at %s, got %v", tc.path, fmt.Sprint(errs))
		})
	}
}

func TestDefaultTimerRules(t *testing.T) {
	r := Default().Timers
	if r != DefaultTimerRules() || r.WarningFraction != 0.2 || r.PersistsSince != PersistsSinceSeverity || r.ClockSkew.D() != time.Minute {
		t.Fatalf("defaults: %+v", r)
	}
	if r.OnUpgrade.Respond != Earlier || r.OnDowngrade.Respond != Keep || r.OnUpgrade.Update != Restart || r.OnUpgrade.Escalation != Continue || r.OnDowngrade.Resolve != Continue {
		t.Fatalf("change rules: %+v", r)
	}
	// A policy stored before timer rules existed reads as the zero value,
	// which the API replaces with these defaults.
	var old Policy
	if err := json.Unmarshal([]byte(`{"version":3,"labels":"P"}`), &old); err != nil || old.Timers != (TimerRules{}) {
		t.Fatalf("old policy timers: %+v %v", old.Timers, err)
	}
	b, _ := json.Marshal(r)
	if !strings.Contains(string(b), `"clockSkew":"1m"`) || !strings.Contains(string(b), `"onUpgrade":{"respond":"earlier"`) {
		t.Fatalf("timer rules JSON: %s", b)
	}
}
