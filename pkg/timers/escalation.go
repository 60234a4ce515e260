package timers

import (
	"fmt"
	"time"

	"github.com/warroom/warroom-incident-app/pkg/incident"
	"github.com/warroom/warroom-incident-app/pkg/policy"
)

// escalation places the incident on its current level's tier ladder. It
// returns the current tier, the reached tiers' firings, and the timer (false
// for a single-tier level: there is no one to escalate to).
func (c *calc) escalation() (policy.Tier, []Firing, Timer, bool) {
	h := c.h
	sev, since := h.current(), h.since()
	lvl, _ := c.level(sev)
	if len(lvl.Tiers) == 0 {
		return policy.Tier{}, nil, Timer{}, false
	}
	base := h.declared
	if ch, ok := h.lastChange(); ok && c.onChange(ch).Escalation == policy.Restart {
		base = since
	}
	// A resolved incident stays on the tier it had reached.
	at := c.now
	if r := h.resolvedAt(); r != nil {
		at = *r
	}
	cur := 0
	for i, t := range lvl.Tiers {
		if !base.Add(t.After.D()).After(at) {
			cur = i
		}
	}
	var firings []Firing
	for i := 1; i <= cur; i++ {
		tier := lvl.Tiers[i]
		reached := latest(base.Add(tier.After.D()), since)
		firings = append(firings, Firing{Key: fmt.Sprintf("tier:%s:%d", sev, i), Kind: FiringTier, At: reached, FromSeverity: sev, Tier: &tier})
	}
	if len(lvl.Tiers) == 1 {
		return lvl.Tiers[0], firings, Timer{}, false
	}
	t := Timer{Kind: KindEscalation, Detail: "engaged: " + lvl.Tiers[cur].Who}
	start := base.Add(lvl.Tiers[cur].After.D())
	switch {
	case h.resolved():
		t.Label, t.State = "Next escalation", Stopped
	case cur == len(lvl.Tiers)-1:
		reached := latest(start, since)
		t.Label, t.Due, t.State = "Escalated to "+lvl.Tiers[cur].Who, &reached, Breached
		t.Detail = "every tier is engaged"
	default:
		next := lvl.Tiers[cur+1]
		due := base.Add(next.After.D())
		t.Label, t.Who, t.Due = "Next escalation: "+next.Who, next.Who, &due
		t.State = c.running(start, due)
	}
	return lvl.Tiers[cur], firings, t, true
}

// rules returns the escalation rules from the current level that hold now.
func (c *calc) rules() []Firing {
	h := c.h
	sev, since := h.current(), h.since()
	var out []Firing
	for _, r := range c.in.Policy.Rules {
		if r.From != sev {
			continue
		}
		at, ok := c.holds(r, since)
		if !ok {
			continue
		}
		out = append(out, Firing{Key: "rule:" + r.ID + ":" + string(r.From), Kind: FiringRule, At: latest(at, since),
			RuleID: r.ID, FromSeverity: r.From, ToSeverity: r.To, AutoApply: r.AutoApply})
	}
	return out
}

// holds reports whether any fact-based condition of r holds now, and since
// when the earliest of them has.
func (c *calc) holds(r policy.Rule, since time.Time) (time.Time, bool) {
	h, d := c.h, c.in.Incident.Details
	var first *time.Time
	hold := func(t time.Time) {
		if first == nil || t.Before(*first) {
			first = &t
		}
	}
	if r.PersistsFor != nil {
		base := h.declared
		if c.cfg.PersistsSince == policy.PersistsSinceSeverity {
			base = since
		}
		due := base.Add(r.PersistsFor.D())
		_, mitigated := c.step("mitigate")
		switch {
		case r.WithoutMitigation && mitigated:
		case due.After(c.now):
			c.wake(due)
		default:
			hold(due)
		}
	}
	if r.CustomerReports > 0 && d.CustomerReports > r.CustomerReports {
		if t, ok := c.becameTrue(incident.EventReportsChanged, func(e incident.Event) (bool, bool) {
			p := incident.DecodePayload[incident.ReportsChangedPayload](e)
			return p.From > r.CustomerReports, p.To > r.CustomerReports
		}); ok {
			hold(t)
		}
	}
	if r.DataIntegrity && d.Flags.DataIntegrityAtRisk {
		if t, ok := c.becameTrue(incident.EventFlagsChanged, func(e incident.Event) (bool, bool) {
			p := incident.DecodePayload[incident.FlagsChangedPayload](e)
			return p.From.DataIntegrityAtRisk, p.To.DataIntegrityAtRisk
		}); ok {
			hold(t)
		}
	}
	if r.MultipleServices && distinct(c.in.Incident.Services) > 1 {
		hold(h.declared) // services are set at declaration
	}
	if first == nil {
		return time.Time{}, false
	}
	return *first, true
}

// becameTrue finds when a fact last turned true in events of kind (test
// says whether it held before and after each); the declaration when no event
// shows it turning.
// False while that event is dated beyond the tolerated skew.
func (c *calc) becameTrue(kind incident.EventKind, test func(incident.Event) (before, after bool)) (time.Time, bool) {
	at := c.h.declared
	for _, e := range c.h.events {
		if e.Kind != kind {
			continue
		}
		if before, after := test(e); after && !before {
			at = e.At
		}
	}
	if !c.visible(at) {
		return time.Time{}, false
	}
	return latest(at, c.h.declared), true
}

func latest(a, b time.Time) time.Time {
	if a.After(b) {
		return a
	}
	return b
}

func distinct(xs []string) int {
	seen := map[string]bool{}
	for _, x := range xs {
		seen[x] = true
	}
	return len(seen)
}
