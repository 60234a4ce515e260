package schedule

import (
	"errors"
	"time"
)

// rotationPlan is a Rotation parsed once for answering: hand-off k is at
// wall-clock reading startWall + k×step in loc.
type rotationPlan struct {
	participants []string
	loc          *time.Location
	startWall    wallSeconds
	step         int64     // seconds of wall time between hand-offs
	end          time.Time // zero: forever
	layer        int
}

// stepSeconds is the wall-clock length of one turn, or 0 when the unit is
// unknown or Every is outside Validate's bounds (which also keeps the
// arithmetic on wall seconds far from overflow).
func stepSeconds(every int, unit string) int64 {
	switch {
	case unit == UnitHours && every >= 1 && every <= MaxEveryHours:
		return int64(every) * 3600
	case unit == UnitDays && every >= 1 && every <= MaxEveryDays:
		return int64(every) * 24 * 3600
	case unit == UnitWeeks && every >= 1 && every <= MaxEveryWeeks:
		return int64(every) * 7 * 24 * 3600
	}
	return 0
}

func planRotation(r Rotation, loc *time.Location, layer int) (rotationPlan, error) {
	step := stepSeconds(r.Every, r.Unit)
	if step <= 0 || len(r.Participants) == 0 || loc == nil {
		return rotationPlan{}, errors.New("rotation cannot be planned")
	}
	start, err := parseWall(r.Start)
	if err != nil {
		return rotationPlan{}, err
	}
	p := rotationPlan{participants: r.Participants, loc: loc, startWall: start, step: step, layer: layer}
	if r.End != "" {
		end, err := parseWall(r.End)
		if err != nil {
			return rotationPlan{}, err
		}
		p.end = instantOf(end, loc)
	}
	return p, nil
}

// handoff is the instant of hand-off k (k may be negative: used only to
// bound searches).
func (p rotationPlan) handoff(k int64) time.Time {
	return instantOf(p.startWall+k*p.step, p.loc)
}

// turnAt is the index k of the turn containing t: handoff(k) ≤ t <
// handoff(k+1). It is computed from t's wall clock, not by walking from
// Start, so a rotation that began years ago costs the same as a new one; the
// estimate is off by at most one turn near a DST change, which the loops fix.
func (p rotationPlan) turnAt(t time.Time) int64 {
	k := floorDiv(wallOf(t.In(p.loc))-p.startWall, p.step)
	for p.handoff(k).After(t) {
		k--
	}
	for !p.handoff(k + 1).After(t) {
		k++
	}
	return k
}

// turn is shift k, or false if it is empty (two hand-offs on one instant
// across a gap) or after the rotation's End.
func (p rotationPlan) turn(k int64) (Shift, bool) {
	start, end := p.handoff(k), p.handoff(k+1)
	if !p.end.IsZero() && p.end.Before(end) {
		end = p.end
	}
	if k < 0 || !start.Before(end) {
		return Shift{}, false
	}
	n := int64(len(p.participants))
	return Shift{User: p.participants[((k%n)+n)%n], Start: start, End: end, Source: SourceRotation, Layer: p.layer}, true
}

// at is the turn containing t, if anyone is on: after End the turn that
// would contain t is cut short before t.
func (p rotationPlan) at(t time.Time) (Shift, bool) {
	s, ok := p.turn(p.turnAt(t))
	if !ok || !s.End.After(t) {
		return Shift{}, false
	}
	return s, true
}

// shifts are the turns overlapping [from, to), unclipped, in time order.
func (p rotationPlan) shifts(from, to time.Time) []Shift {
	k := p.turnAt(from)
	if k < 0 {
		k = 0
	}
	var out []Shift
	for ; ; k++ {
		start := p.handoff(k)
		if !start.Before(to) || (!p.end.IsZero() && !start.Before(p.end)) {
			return out
		}
		if s, ok := p.turn(k); ok && s.End.After(from) {
			out = append(out, s)
		}
	}
}

func floorDiv(a, b int64) int64 {
	q := a / b
	if a%b != 0 && (a < 0) != (b < 0) {
		q--
	}
	return q
}
