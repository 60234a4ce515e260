package policy

import (
	"fmt"
	"time"

	"github.com/warroom/warroom-incident-app/pkg/incident"
)

// TimerRules settle what the runbooks leave open about timers (package
// timers): when a countdown turns amber, what a severity change does to the
// running clocks, and how much clock disagreement between Grafana instances
// is tolerated.
type TimerRules struct {
	// WarningFraction is the last part of a timer's window shown as a
	// warning: 0.2 turns a 15-minute respond-by amber 3 minutes before it is
	// due. 0 disables warnings.
	WarningFraction float64 `json:"warningFraction"`
	// OnUpgrade and OnDowngrade say, per timer, what a severity change does.
	OnUpgrade   OnChange `json:"onUpgrade"`
	OnDowngrade OnChange `json:"onDowngrade"`
	// PersistsSince is what an escalation rule's persistsFor counts from:
	// "declared" (the incident's age) or "severity" (how long it has been at
	// the rule's from-level).
	PersistsSince string `json:"persistsSince" tstype:"'declared' | 'severity'"`
	// ClockSkew is how far in the future a recorded fact (a step mark, an
	// event) may be dated and still count now: another instance's clock may
	// run ahead. Facts dated further ahead count once they are this close.
	ClockSkew Duration `json:"clockSkew"`
}

// OnChange holds one Anchor per timer.
type OnChange struct {
	Respond    Anchor `json:"respond"`
	Update     Anchor `json:"update"`
	Escalation Anchor `json:"escalation"`
	Resolve    Anchor `json:"resolve"`
}

// Anchor is what a running timer does when the severity changes.
type Anchor string

const (
	// Continue keeps counting from where the timer started (declaration, or
	// the last status update for the update cadence) with the new level's
	// target.
	Continue Anchor = "continue"
	// Restart counts the new level's target from the change.
	Restart Anchor = "restart"
	// Earlier takes whichever is sooner: the running due time or the change
	// plus the new level's target.
	Earlier Anchor = "earlier"
	// Keep leaves the running due time as it is.
	Keep Anchor = "keep"
)

// Anchors lists every anchor (the generated TypeScript union).
var Anchors = []Anchor{Continue, Restart, Earlier, Keep}

// PersistsSince values.
const (
	PersistsSinceDeclared = "declared"
	PersistsSinceSeverity = "severity"
)

// DefaultTimerRules are the defaults; also filled into policies saved before
// timer rules existed. The reasons, one per choice:
//   - an upgrade never gives responders more time to acknowledge (Earlier),
//     and a downgrade never takes back a deadline already promised (Keep);
//   - stakeholders hear on the new level's cadence from the change on
//     (Restart), since the change is itself news for them;
//   - escalation tiers and resolve-by count from declaration with the new
//     level's targets (Continue): the incident is as old as it is;
//   - rules count from when the incident reached their from-level, so a
//     P3 upgraded to P2 after 30 minutes does not cascade straight to P1.
func DefaultTimerRules() TimerRules {
	return TimerRules{
		WarningFraction: 0.2,
		OnUpgrade:       OnChange{Respond: Earlier, Update: Restart, Escalation: Continue, Resolve: Continue},
		OnDowngrade:     OnChange{Respond: Keep, Update: Restart, Escalation: Continue, Resolve: Continue},
		PersistsSince:   PersistsSinceSeverity,
		ClockSkew:       Duration(time.Minute),
	}
}

// maxClockSkew bounds ClockSkew: beyond it a clock is broken, not skewed,
// and its facts should wait for their time.
const maxClockSkew = 15 * time.Minute

// anchorsFor lists what each timer supports. Escalation tiers are a ladder,
// not a single due time, so only Continue and Restart mean something; a
// resolve-by that may be "best effort" (none) cannot be kept.
var anchorsFor = map[string][]Anchor{
	"respond":    {Continue, Restart, Earlier, Keep},
	"update":     {Continue, Restart, Earlier, Keep},
	"escalation": {Continue, Restart},
	"resolve":    {Continue, Restart, Earlier},
}

func (r TimerRules) validate() []incident.FieldError {
	var errs []incident.FieldError
	bad := func(path, msg string) { errs = append(errs, incident.FieldError{Path: "timers." + path, Message: msg}) }
	if r.WarningFraction < 0 || r.WarningFraction >= 1 {
		bad("warningFraction", "is a fraction from 0 (no warning) to below 1 (0.2 = the last 20%)")
	}
	if r.PersistsSince != PersistsSinceDeclared && r.PersistsSince != PersistsSinceSeverity {
		bad("persistsSince", "must be declared or severity")
	}
	if r.ClockSkew < 0 || r.ClockSkew.D() > maxClockSkew {
		bad("clockSkew", "must be from 0s to "+formatDuration(maxClockSkew))
	}
	// Slices, not maps, so the errors come in a stable order.
	for _, on := range []struct {
		dir string
		c   OnChange
	}{{"onUpgrade", r.OnUpgrade}, {"onDowngrade", r.OnDowngrade}} {
		for _, t := range []struct {
			timer string
			a     Anchor
		}{{"respond", on.c.Respond}, {"update", on.c.Update}, {"escalation", on.c.Escalation}, {"resolve", on.c.Resolve}} {
			if !anchorAllowed(t.timer, t.a) {
				bad(on.dir+"."+t.timer, fmt.Sprintf("must be one of %v", anchorsFor[t.timer]))
			}
		}
	}
	return errs
}

func anchorAllowed(timer string, a Anchor) bool {
	for _, v := range anchorsFor[timer] {
		if v == a {
			return true
		}
	}
	return false
}
