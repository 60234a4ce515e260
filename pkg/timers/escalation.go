package timers

import (
	"fmt"
	"time"

	"github.com/warroom/warroom-incident-app/pkg/incident"
	"github.com/warroom/warroom-incident-app/pkg/policy"
)

// rung is one step of the tier ladder: tier Index of round Round (0 unless
// the policy repeats unanswered ladders), reached At.
type rung struct {
	Round, Index int
	At           time.Time
}

// ladder lists the rungs of tiers in time order from base: round 0, then,
// when the policy repeats and some tier pages someone, up to MaxRepeats more
// rounds, each starting RepeatAfter after the previous round's last tier.
func (c *calc) ladder(tiers []policy.Tier, base time.Time) []rung {
	rounds := 1
	if pg := c.in.Policy.Paging; pg.RepeatUntilAcknowledged && pages(tiers) {
		rounds += min(pg.MaxRepeats, policy.MaxRepeatsLimit)
	}
	period := tiers[len(tiers)-1].After.D() + c.in.Policy.Paging.RepeatAfter.D()
	out := make([]rung, 0, rounds*len(tiers))
	for r := range rounds {
		for i, t := range tiers {
			out = append(out, rung{Round: r, Index: i, At: base.Add(time.Duration(r)*period + t.After.D())})
		}
	}
	return out
}

// pages reports whether any tier has targets: only then is tier 0 a page
// (at declaration) and a repeat worth sending.
func pages(tiers []policy.Tier) bool {
	for _, t := range tiers {
		if len(t.Targets) > 0 {
			return true
		}
	}
	return false
}

// tierKey names a rung's firing; round 0 keeps the key tiers had before
// repeats existed, so firings recorded then still count.
func tierKey(sev incident.Severity, r rung) string {
	if r.Round == 0 {
		return fmt.Sprintf("tier:%s:%d", sev, r.Index)
	}
	return fmt.Sprintf("tier:%s:%d:%d", sev, r.Index, r.Round)
}

// escalation places the incident on its current level's tier ladder. It
// returns the current tier, the reached tiers' firings, and the timer (false
// for a single-tier level that pages nobody: there is no one to escalate to).
// On a ladder that pages someone, an acknowledgement stops it where it
// stood: tiers reached later owe nothing and the timer reads stopped. A
// ladder of notes only (policies from before targets) keeps engaging by age
// as the runbooks' tiers do, acknowledged or not.
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
	// A resolved incident stays on the tier it had reached; an acknowledged
	// one on the tier reached when it was acknowledged.
	at := c.now
	if r := h.resolvedAt(); r != nil {
		at = *r
	}
	paging := pages(lvl.Tiers)
	ack, acked := c.step("acknowledge")
	acked = acked && paging
	if acked && ack.At.Before(at) {
		at = ack.At
	}
	rungs := c.ladder(lvl.Tiers, base)
	cur := 0
	for i, r := range rungs {
		if !r.At.After(at) {
			cur = i
		}
	}
	var firings []Firing
	for _, r := range rungs[:cur+1] {
		if r.Round == 0 && r.Index == 0 && len(lvl.Tiers[0].Targets) == 0 {
			continue // the declaration itself; it pages only a tier with targets
		}
		tier := lvl.Tiers[r.Index]
		firings = append(firings, Firing{Key: tierKey(sev, r), Kind: FiringTier, At: latest(r.At, since), FromSeverity: sev, Tier: &tier})
	}
	current := lvl.Tiers[rungs[cur].Index]
	if len(rungs) == 1 && !paging {
		return current, firings, Timer{}, false
	}
	t := Timer{Kind: KindEscalation, Detail: "engaged: " + current.Who}
	switch {
	case h.resolved() && (!acked || h.resolvedAt().Before(ack.At)):
		t.Label, t.State = "Next escalation", Stopped
	case acked:
		t.Label, t.State = "Escalation stopped", Stopped
		t.Detail = "acknowledged by " + ack.By + " at " + ack.At.UTC().Format("15:04 UTC")
	case cur == len(rungs)-1:
		reached := latest(rungs[cur].At, since)
		t.Label, t.Due, t.State = "Escalated to "+current.Who, &reached, Breached
		t.Detail = "every tier is engaged"
	default:
		next := lvl.Tiers[rungs[cur+1].Index]
		due := rungs[cur+1].At
		t.Label, t.Who, t.Due = "Next escalation: "+next.Who, next.Who, &due
		if rungs[cur+1].Round > rungs[cur].Round {
			t.Label = "Paging again: " + next.Who
		}
		t.State = c.running(rungs[cur].At, due)
	}
	return current, firings, t, true
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
