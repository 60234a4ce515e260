package timers

import (
	"fmt"
	"math/rand/v2"
	"testing"
	"time"

	"github.com/warroom/warroom-incident-app/pkg/incident"
	"github.com/warroom/warroom-incident-app/pkg/policy"
)

// asStored is an incident as stored after one write, from the write's time
// until the next: what the scheduler reads in between.
type asStored struct {
	from, until time.Time
	inc         incident.Incident
	evs         []incident.Event
}

// TestNothingChangesBeforeNextChange is the property the scheduler's due
// time rests on (it reads an incident again only at NextChange, or after a
// write): over generated incidents, policies and moments, no timer changes
// state and no new firing (tier, reminder, escalation rule with or without
// persistsFor, respond-by or resolve-by breach) is owed at any moment
// before NextChange; with no NextChange, none ever is.
func TestNothingChangesBeforeNextChange(t *testing.T) {
	rng := rand.New(rand.NewPCG(18, 2026))
	checked, firstFirings := 0, 0
	for n := range 400 {
		pol, snaps := generate(t, rng)
		for _, sn := range snaps {
			for range 6 {
				// Sometimes before the last write's time: a fact recorded by a
				// clock running ahead of the reader's.
				now := sn.from.Add(-3*mins + time.Duration(rng.Int64N(int64(sn.until.Sub(sn.from)+3*mins))))
				out := Compute(Input{Incident: sn.inc, Events: sn.evs, Policy: pol, Now: now})
				for _, u := range probes(rng, now, out.NextChange) {
					later := Compute(Input{Incident: sn.inc, Events: sn.evs, Policy: pol, Now: u})
					if msg := changed(out, later); msg != "" {
						t.Fatalf("incident %d (%s, policy %+v), read at %v: next change %v, but at %v %s\nevents %+v",
							n, sn.inc.Severity, pol.Timers, now.Sub(t0), offset(out.NextChange), u.Sub(t0), msg, sn.evs)
					}
					checked++
				}
				if out.NextChange != nil {
					// NextChange is a moment something does change at, or a
					// warning starts: never the reader's own clock.
					if !out.NextChange.After(now) {
						t.Fatalf("incident %d: next change %v is not after now %v", n, *out.NextChange, now)
					}
					at := Compute(Input{Incident: sn.inc, Events: sn.evs, Policy: pol, Now: *out.NextChange})
					if changed(out, at) != "" && len(at.Firings) > len(out.Firings) {
						firstFirings++
					}
				}
			}
		}
	}
	// The generator must reach firings that become owed at NextChange, or
	// the property says little.
	if checked < 10000 || firstFirings < 200 {
		t.Fatalf("only %d probes and %d firings owed at a NextChange: the generator is too tame", checked, firstFirings)
	}
}

// probes are moments after now and before next (just before it, too), or
// far ahead when nothing is to change.
func probes(rng *rand.Rand, now time.Time, next *time.Time) []time.Time {
	if next == nil {
		return []time.Time{now.Add(mins), now.Add(hrs), now.Add(24 * hrs), now.Add(30 * 24 * hrs)}
	}
	span := next.Sub(now)
	out := []time.Time{next.Add(-time.Nanosecond)}
	for range 3 {
		out = append(out, now.Add(time.Duration(rng.Int64N(int64(span)))))
	}
	return out
}

// changed describes how later differs from out in timer states or owed
// firings, or is "".
func changed(out, later Output) string {
	if len(out.Timers) != len(later.Timers) {
		return fmt.Sprintf("has %d timers, had %d", len(later.Timers), len(out.Timers))
	}
	for i, tm := range out.Timers {
		if l := later.Timers[i]; l.Kind != tm.Kind || l.State != tm.State {
			return fmt.Sprintf("timer %s is %s, was %s", l.Kind, l.State, tm.State)
		}
	}
	owed := map[string]bool{}
	for _, f := range out.Firings {
		owed[f.Key] = true
	}
	for _, f := range later.Firings {
		if !owed[f.Key] {
			return fmt.Sprintf("owes %s (due %v)", f.Key, f.At.Sub(t0))
		}
	}
	return ""
}

func offset(t *time.Time) any {
	if t == nil {
		return "none"
	}
	return t.Sub(t0)
}

// generate is a random policy and an incident's life as snapshots: a
// declaration, then severity changes, status updates, acknowledgement and
// mitigation, customer reports, the data integrity flag, resolution and
// reopening, minutes to hours apart.
func generate(t *testing.T, rng *rand.Rand) (policy.Policy, []asStored) {
	t.Helper()
	sevs := incident.Severities[:4]
	s := declare(t, sevs[rng.IntN(len(sevs))])
	s.pol.Timers.WarningFraction = []float64{0, 0.2, 0.5}[rng.IntN(3)]
	if rng.IntN(2) == 0 {
		s.pol.Timers.PersistsSince = policy.PersistsSinceSeverity
	}
	if rng.IntN(3) == 0 {
		s.pol.Timers.OnUpgrade = policy.OnChange{Respond: policy.Restart, Update: policy.Continue, Escalation: policy.Restart, Resolve: policy.Earlier}
	}
	for i := range s.pol.Rules {
		d := policy.Duration(time.Duration(5+rng.IntN(60)) * mins)
		s.pol.Rules[i].PersistsFor = &d
	}
	if errs := s.pol.Validate(); len(errs) > 0 {
		t.Fatalf("generated policy invalid: %v", errs)
	}
	snaps := []asStored{}
	at := time.Duration(0)
	keep := func(until time.Duration) {
		snaps = append(snaps, asStored{from: t0.Add(at), until: t0.Add(until), inc: s.inc, evs: append([]incident.Event{}, s.evs...)})
	}
	for range 1 + rng.IntN(6) {
		next := at + time.Duration(1+rng.IntN(90))*mins + time.Duration(rng.IntN(60))*sec
		keep(next)
		at = next
		u := incident.Update{}
		switch op := rng.IntN(9); {
		case s.inc.Status == incident.Resolved:
			st := incident.Investigating
			u.Status, u.Reason = &st, "back"
		case op == 0:
			sev := sevs[rng.IntN(len(sevs))]
			u.Severity = &sev
		case op == 1:
			s.update(at)
			continue
		case op == 2:
			u.CompleteSteps = []incident.StepName{"acknowledge"}
		case op == 3:
			u.CompleteSteps = []incident.StepName{"mitigate"}
		case op == 4:
			n := rng.IntN(30)
			u.CustomerReports = &n
		case op == 5:
			u.Flags = &incident.Flags{DataIntegrityAtRisk: rng.IntN(2) == 0}
		case op == 6:
			st := incident.Resolved
			u.Status = &st
		default:
			st := incident.Identified
			u.Status = &st
		}
		// A change that changes nothing is refused: the asStored goes on.
		u.Version = s.inc.Version + 1
		if next, evs, err := incident.Apply(s.inc, u, "alice", t0.Add(at)); err == nil {
			s.inc = next
			s.add(evs...)
		}
	}
	keep(at + 12*hrs)
	return s.pol, snaps
}
