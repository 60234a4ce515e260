package timers

import (
	"sort"
	"time"

	"github.com/warroom/warroom-incident-app/pkg/incident"
)

type pointKind int

const (
	pointUpdate pointKind = iota
	pointSeverity
	pointResolved
	pointReopened
)

// point is one visible fact that moves a clock, at its effective time.
type point struct {
	at   time.Time
	kind pointKind
	sev  sevChange // pointSeverity only
}

type sevChange struct {
	at       time.Time
	from, to incident.Severity
}

// history is the incident's timeline reduced to the facts timers need, each
// visible as of Now (see the package comment on clocks).
type history struct {
	declared time.Time
	initial  incident.Severity
	points   []point
	events   []incident.Event // events of EventKinds, in timeline order
}

func newHistory(c *calc) *history {
	inc := c.in.Incident
	h := &history{declared: inc.CreatedAt, initial: inc.Severity}
	// Only the kinds the engine reads take part, so a caller passing just
	// those (the scheduler's projection) computes what the whole timeline
	// gives; notes and deliveries never move a clock.
	for _, e := range c.in.Events {
		if reads[e.Kind] {
			h.events = append(h.events, e)
		}
	}
	sort.SliceStable(h.events, func(i, j int) bool {
		a, b := h.events[i], h.events[j]
		if a.Seq != b.Seq {
			return a.Seq < b.Seq
		}
		return a.At.Before(b.At)
	})
	// The declared level is the first change's "from"; later edits of the
	// incident only tell the current one.
	for _, e := range h.events {
		if e.Kind == incident.EventSeverityChanged {
			if s := incident.DecodePayload[incident.SeverityChangedPayload](e).From; s.Valid() {
				h.initial = s
			}
			break
		}
	}
	prev, sev := h.declared, h.initial
	for _, e := range h.events {
		// Only kinds that move a clock may wake the scheduler; the other kinds
		// read (post-mortem saves, reports, flags) still order the timeline.
		if movesClock[e.Kind] {
			if !c.visible(e.At) {
				continue
			}
		} else if c.counts(e.At) != nil {
			continue
		}
		// Effective times never go back: an instance whose clock lags must not
		// reorder what the store already ordered.
		if e.At.After(prev) {
			prev = e.At
		}
		switch e.Kind {
		case incident.EventSeverityChanged:
			if to := incident.DecodePayload[incident.SeverityChangedPayload](e).To; to.Valid() && to != sev {
				h.points = append(h.points, point{at: prev, kind: pointSeverity, sev: sevChange{at: prev, from: sev, to: to}})
				sev = to
			}
		case incident.EventStatusUpdate:
			h.points = append(h.points, point{at: prev, kind: pointUpdate})
		case incident.EventStatusChanged:
			if incident.DecodePayload[incident.StatusChangedPayload](e).To == incident.Resolved {
				h.points = append(h.points, point{at: prev, kind: pointResolved})
			}
		case incident.EventReopened:
			h.points = append(h.points, point{at: prev, kind: pointReopened})
		}
	}
	// A resolution the events do not show (a caller passing no events) still
	// counts, from the incident itself.
	if inc.Status == incident.Resolved && inc.ResolvedAt != nil && !h.resolved() && c.visible(*inc.ResolvedAt) {
		at := *inc.ResolvedAt
		if at.Before(prev) {
			at = prev
		}
		h.points = append(h.points, point{at: at, kind: pointResolved})
	}
	return h
}

// EventKinds are the only event kinds Compute reads; the others may be left
// out of Input.Events without changing its answer. The stores read just
// these for the scheduler, GET /timers and the data source's timers.
var EventKinds = []incident.EventKind{
	incident.EventSeverityChanged, incident.EventStatusUpdate, incident.EventStatusChanged, incident.EventReopened,
	incident.EventPostmortem, incident.EventReportsChanged, incident.EventFlagsChanged,
}

var reads = func() map[incident.EventKind]bool {
	m := map[incident.EventKind]bool{}
	for _, k := range EventKinds {
		m[k] = true
	}
	return m
}()

var movesClock = map[incident.EventKind]bool{
	incident.EventSeverityChanged: true, incident.EventStatusUpdate: true,
	incident.EventStatusChanged: true, incident.EventReopened: true,
}

// visible reports whether a fact dated t counts at Now, and otherwise wakes
// the caller when it will.
func (c *calc) visible(t time.Time) bool {
	if from := c.counts(t); from != nil {
		c.wake(*from)
		return false
	}
	return true
}

// counts is nil when a fact dated t counts at Now, else when it will.
func (c *calc) counts(t time.Time) *time.Time {
	if from := t.Add(-c.cfg.ClockSkew.D()); from.After(c.now) {
		return &from
	}
	return nil
}

// changes lists the severity changes in order.
func (h *history) changes() []sevChange {
	var out []sevChange
	for _, p := range h.points {
		if p.kind == pointSeverity {
			out = append(out, p.sev)
		}
	}
	return out
}

// current is the level as of Now.
func (h *history) current() incident.Severity {
	if ch := h.changes(); len(ch) > 0 {
		return ch[len(ch)-1].to
	}
	return h.initial
}

// lastChange is the change that set the current level, if any.
func (h *history) lastChange() (sevChange, bool) {
	ch := h.changes()
	if len(ch) == 0 {
		return sevChange{}, false
	}
	return ch[len(ch)-1], true
}

// since is when the incident reached its current level.
func (h *history) since() time.Time {
	if ch, ok := h.lastChange(); ok {
		return ch.at
	}
	return h.declared
}

// resolvedAt is the current resolution, nil while the incident is live.
func (h *history) resolvedAt() *time.Time {
	for i := len(h.points) - 1; i >= 0; i-- {
		switch h.points[i].kind {
		case pointResolved:
			at := h.points[i].at
			return &at
		case pointReopened:
			return nil
		}
	}
	return nil
}

func (h *history) resolved() bool { return h.resolvedAt() != nil }

// step is when a response step was marked, if it counts yet; never before
// the declaration.
func (c *calc) step(name incident.StepName) (incident.StepMark, bool) {
	m, ok := c.in.Incident.Details.Steps[name]
	if !ok || m.At.IsZero() || !c.visible(m.At) {
		return incident.StepMark{}, false
	}
	if m.At.Before(c.h.declared) {
		m.At = c.h.declared
	}
	return m, true
}
