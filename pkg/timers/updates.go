package timers

import (
	"fmt"
	"time"

	"github.com/warroom/warroom-incident-app/pkg/incident"
	"github.com/warroom/warroom-incident-app/pkg/policy"
)

// cadence walks the stakeholder-update schedule along the timeline.
type cadence struct {
	c     *calc
	every *time.Duration
	last  time.Time  // last update, declaration, reopen or restart
	next  *time.Time // next due; nil without a cadence or once resolved
	// overdue is the first period missed since the last update; it stays
	// the timer's due time until an update is posted.
	overdue *time.Time
	sev     incident.Severity
	live    bool
	n       int      // reminders so far, over the whole incident
	missed  int      // periods missed since the last update
	streak  []Firing // their reminders, the latest maxStreak of them
}

// maxStreak bounds the reminders listed for one streak: a policy may ask for
// updates every second, and an incident may be forgotten for a month. Older
// ones were sent already, or are too stale to send.
const maxStreak = 50

// updates returns the reminders owed now and the "Next update due" timer;
// false when the current level has no cadence.
func (c *calc) updates() ([]Firing, Timer, bool) {
	h := c.h
	k := &cadence{c: c, last: h.declared, sev: h.initial, live: true}
	k.setEvery(h.initial)
	if k.every != nil {
		k.next = ptrTime(h.declared.Add(*k.every))
	}
	for _, p := range h.points {
		k.remind(p.at)
		k.apply(p)
	}
	k.remind(c.now.Add(time.Nanosecond)) // every due time up to and including Now
	c.missedUpdates = k.n
	if k.every == nil {
		return nil, Timer{}, false
	}
	t := Timer{Kind: KindUpdate, Label: "Next update due"}
	switch {
	case h.resolved() || k.next == nil: // the latter only on inconsistent timelines
		t.State = Stopped
	case k.overdue != nil:
		// Reminders continue each period until someone posts an update.
		t.Due, t.State = k.overdue, Breached
		t.Detail = fmt.Sprintf("%d update(s) missed", k.missed)
		c.wake(*k.next)
	default:
		t.Due, t.State = k.next, c.running(k.last, *k.next)
	}
	return k.streak, t, true
}

// remind records each due time before t, and not after Now, as a missed
// period: an update at the due time itself is on time. Periods are counted,
// not walked, so a tiny cadence over a long time costs nothing.
func (k *cadence) remind(t time.Time) {
	limit := t.Add(-time.Nanosecond)
	if k.c.now.Before(limit) {
		limit = k.c.now
	}
	if k.next == nil || k.next.After(limit) {
		return
	}
	first, every := *k.next, *k.every
	count := int(limit.Sub(first)/every) + 1
	if k.overdue == nil {
		k.overdue = ptrTime(first)
	}
	for i := max(0, count-maxStreak); i < count; i++ {
		k.streak = append(k.streak, Firing{Key: fmt.Sprintf("update:%d", k.n+i+1), Kind: FiringUpdate,
			At: first.Add(time.Duration(i) * every), FromSeverity: k.sev})
	}
	if len(k.streak) > maxStreak {
		k.streak = k.streak[len(k.streak)-maxStreak:]
	}
	k.n += count
	k.missed += count
	k.next = ptrTime(first.Add(time.Duration(count) * every))
}

func (k *cadence) apply(p point) {
	switch p.kind {
	case pointUpdate:
		// A "Resolved" notice posted after resolution restarts nothing.
		if k.live {
			k.reset(p.at)
		}
	case pointResolved:
		k.live, k.next, k.overdue, k.streak, k.missed = false, nil, nil, nil, 0
	case pointReopened:
		k.live = true
		k.reset(p.at)
	case pointSeverity:
		k.change(p.sev)
	}
}

// reset starts a fresh period at t: an update was posted or the clock restarts.
func (k *cadence) reset(t time.Time) {
	k.last, k.overdue, k.streak, k.missed, k.next = t, nil, nil, 0, nil
	if k.every != nil {
		k.next = ptrTime(t.Add(*k.every))
	}
}

func (k *cadence) change(ch sevChange) {
	k.setEvery(ch.to)
	k.sev = ch.to
	if k.every == nil || !k.live {
		// The new level wants no scheduled updates: nothing is owed.
		k.next, k.overdue, k.streak, k.missed = nil, nil, nil, 0
		return
	}
	switch k.c.onChange(ch).Update {
	case policy.Restart:
		k.reset(ch.at)
	case policy.Continue:
		// Counted from the last update with the new cadence; a period that
		// ended before the change is owed at the change, not before it.
		d := k.last.Add(*k.every)
		if d.Before(ch.at) {
			d = ch.at
		}
		k.next = &d
	case policy.Earlier:
		if d := ch.at.Add(*k.every); k.next == nil || d.Before(*k.next) {
			k.next = &d
		}
	case policy.Keep:
		if k.next == nil {
			k.next = ptrTime(ch.at.Add(*k.every))
		}
	}
}

func (k *cadence) setEvery(s incident.Severity) {
	k.every = nil
	if l, ok := k.c.level(s); ok && l.UpdateEvery != nil {
		d := l.UpdateEvery.D()
		k.every = &d
	}
}

func ptrTime(t time.Time) *time.Time { return &t }
