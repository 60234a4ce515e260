package timers

import (
	"fmt"
	"strings"
	"time"

	"github.com/warroom/warroom-incident-app/pkg/incident"
	"github.com/warroom/warroom-incident-app/pkg/policy"
)

// State is where a timer stands.
type State string

const (
	OK       State = "ok"
	Warning  State = "warning"
	Breached State = "breached"
	Met      State = "met"     // done in time
	Missed   State = "missed"  // done late
	Stopped  State = "stopped" // resolved before it was done, or not applicable
)

// States lists every state (the generated TypeScript union).
var States = []State{OK, Warning, Breached, Met, Missed, Stopped}

// Timer kinds.
const (
	KindRespond    = "respond"
	KindUpdate     = "update"
	KindEscalation = "escalation"
	KindResolve    = "resolve"
	KindPostmortem = "postmortem"
)

// Firing kinds.
const (
	FiringRule   = "escalation_rule"
	FiringTier   = "tier"
	FiringUpdate = "update_reminder"
)

// Timer is one countdown as shown beside the graphs.
type Timer struct {
	Kind   string     `json:"kind" tstype:"'respond' | 'update' | 'escalation' | 'resolve' | 'postmortem'"`
	Label  string     `json:"label"`
	Due    *time.Time `json:"due,omitempty"`
	State  State      `json:"state"`
	Who    string     `json:"who,omitempty"` // escalation: who the next tier engages
	Detail string     `json:"detail,omitempty"`
}

// Input is everything a computation needs; Now is the caller's clock.
type Input struct {
	Incident incident.Incident
	Events   []incident.Event
	Policy   policy.Policy
	Now      time.Time
}

// Output is the incident's timers as of Input.Now.
type Output struct {
	Timers      []Timer     `json:"timers"`
	CurrentTier policy.Tier `json:"currentTier"`
	Firings     []Firing    `json:"firings"`
	// NextChange is the earliest moment after Now at which any timer state
	// or Firing changes; nil when nothing will change without new facts.
	NextChange *time.Time `json:"nextChange,omitempty"`
	// WarnAt is the earliest moment a running timer (ok, warning or
	// breached) enters warning or breach, past or future; nil when none
	// runs. At or before Now means one is warning or breached. Not part of
	// the API: the store keeps it to sort and filter at-risk incidents.
	WarnAt *time.Time `json:"-"`
	// MissedUpdates counts the stakeholder-update periods that passed
	// without an update, over the whole incident up to Now (package
	// insights judges the cadence by it). Not part of the API.
	MissedUpdates int `json:"-"`
}

// Firing is an escalation, tier or reminder owed now.
type Firing struct {
	// Key is stable across recomputations and unique within the incident.
	Key  string    `json:"key"`
	Kind string    `json:"kind"`
	At   time.Time `json:"at"` // when it became due
	// RuleID and ToSeverity are set for escalation_rule. FromSeverity is the
	// incident's level the firing belongs to (for channel filters).
	RuleID       string            `json:"ruleId,omitempty"`
	FromSeverity incident.Severity `json:"fromSeverity"`
	ToSeverity   incident.Severity `json:"toSeverity,omitempty"`
	Tier         *policy.Tier      `json:"tier,omitempty"`
	AutoApply    bool              `json:"autoApply,omitempty"`
}

// Compute returns the timers, current tier, owed firings and next change of
// in.Incident as of in.Now. A policy without the incident's level yields no
// timers rather than invented targets.
func Compute(in Input) Output {
	cfg := in.Policy.Timers
	if cfg == (policy.TimerRules{}) {
		cfg = policy.DefaultTimerRules()
	}
	c := &calc{in: in, now: in.Now, cfg: cfg}
	c.h = newHistory(c)
	out := Output{Timers: []Timer{}, Firings: []Firing{}}
	if _, ok := in.Policy.Level(c.h.current()); !ok {
		return out
	}
	out.Timers = append(out.Timers, c.respond())
	reminders, update, hasUpdate := c.updates()
	if hasUpdate {
		out.Timers = append(out.Timers, update)
	}
	tier, tierFirings, esc, hasEsc := c.escalation()
	out.CurrentTier = tier
	if hasEsc {
		out.Timers = append(out.Timers, esc)
	}
	if t, ok := c.resolve(); ok {
		out.Timers = append(out.Timers, t)
	}
	if t, ok := c.postmortem(); ok {
		out.Timers = append(out.Timers, t)
	}
	if !c.h.resolved() {
		out.Firings = append(out.Firings, c.rules()...)
		out.Firings = append(out.Firings, tierFirings...)
		out.Firings = append(out.Firings, reminders...)
	}
	out.NextChange = c.next
	for _, t := range out.Timers {
		// Timers breached outright (past the last tier, reminders owed)
		// never went through running: their due time is their breach.
		if t.State == Breached && t.Due != nil {
			c.warned(*t.Due)
		}
	}
	out.WarnAt = c.warn
	out.MissedUpdates = c.missedUpdates
	return out
}

// calc carries one computation.
type calc struct {
	in   Input
	now  time.Time
	cfg  policy.TimerRules
	h    *history
	next *time.Time
	warn *time.Time // earliest warning moment of a running timer
	// missedUpdates is cadence.n of the last updates() (Output.MissedUpdates).
	missedUpdates int
}

// wake notes a future moment at which something changes.
func (c *calc) wake(t time.Time) {
	if t.After(c.now) && (c.next == nil || t.Before(*c.next)) {
		c.next = &t
	}
}

func (c *calc) level(s incident.Severity) (policy.Level, bool) { return c.in.Policy.Level(s) }

// warned notes when a running timer enters warning (or breach).
func (c *calc) warned(t time.Time) {
	if c.warn == nil || t.Before(*c.warn) {
		c.warn = &t
	}
}

// onChange is the rule set for a change's direction.
func (c *calc) onChange(ch sevChange) policy.OnChange {
	if rank(ch.to) < rank(ch.from) {
		return c.cfg.OnUpgrade
	}
	return c.cfg.OnDowngrade
}

// running judges an unfinished timer over the window start..due.
func (c *calc) running(start, due time.Time) State {
	warnAt := due
	if f := c.cfg.WarningFraction; f > 0 && due.After(start) {
		warnAt = due.Add(-time.Duration(f * float64(due.Sub(start))))
	}
	c.wake(warnAt)
	c.wake(due)
	c.warned(warnAt)
	switch {
	case !c.now.Before(due):
		return Breached
	case !c.now.Before(warnAt):
		return Warning
	}
	return OK
}

// finished judges a timer completed at done.
func finished(done, due time.Time) State {
	if done.After(due) {
		return Missed
	}
	return Met
}

// rank orders severities, most severe first; unknown levels sort last.
func rank(s incident.Severity) int {
	for i, v := range incident.Severities {
		if v == s {
			return i
		}
	}
	return len(incident.Severities)
}

// human renders a duration the way people say it: "1h 5m", "45s".
func human(d time.Duration) string {
	if d < 0 {
		d = -d
	}
	d = d.Round(time.Second)
	h, m, s := d/time.Hour, (d%time.Hour)/time.Minute, (d%time.Minute)/time.Second
	var parts []string
	if h > 0 {
		parts = append(parts, fmt.Sprintf("%dh", h))
	}
	if m > 0 {
		parts = append(parts, fmt.Sprintf("%dm", m))
	}
	if s > 0 && h == 0 {
		parts = append(parts, fmt.Sprintf("%ds", s))
	}
	if len(parts) == 0 {
		return "0s"
	}
	return strings.Join(parts, " ")
}

// relation says how a completion stood against its due time.
func relation(done, due time.Time) string {
	switch {
	case done.Equal(due):
		return "on time"
	case done.After(due):
		return human(done.Sub(due)) + " late"
	}
	return human(due.Sub(done)) + " early"
}
