package schedule

import (
	"slices"
	"time"
)

// layerPlan answers for one layer: a rotation or fixed shifts.
type layerPlan struct {
	rotation *rotationPlan
	fixed    []Shift // sorted by Start, Source and Layer filled in
}

// plan prepares the schedule's layers. A layer it cannot interpret (unknown
// zone, unparseable Start, Every out of bounds) has nobody on rather than
// failing: Validate is where problems are reported, and answers must not
// panic on stored data.
func (s Schedule) plan() (*time.Location, []layerPlan) {
	loc, err := loadZone(s.TimeZone)
	if err != nil {
		loc = nil
	}
	plans := make([]layerPlan, len(s.Layers))
	for i, l := range s.Layers {
		switch {
		case l.Rotation != nil:
			if loc == nil {
				continue
			}
			if r, err := planRotation(*l.Rotation, loc, i); err == nil {
				plans[i].rotation = &r
			}
		default:
			plans[i].fixed = sortedFixed(l.Shifts, i)
		}
	}
	return loc, plans
}

// sortedFixed copies the shifts, labelled as imported, sorted by start, and
// without empty ones.
func sortedFixed(shifts []Shift, layer int) []Shift {
	out := make([]Shift, 0, len(shifts))
	for _, sh := range shifts {
		if sh.Start.Before(sh.End) {
			out = append(out, Shift{User: sh.User, Start: sh.Start, End: sh.End, Source: SourceImported, Layer: layer})
		}
	}
	slices.SortStableFunc(out, func(a, b Shift) int { return a.Start.Compare(b.Start) })
	return out
}

// shifts are the layer's shifts overlapping [from, to), unclipped.
func (l layerPlan) shifts(from, to time.Time) []Shift {
	if l.rotation != nil {
		return l.rotation.shifts(from, to)
	}
	// Shifts do not overlap (Validate), so ends are sorted too and the first
	// one ending after from is found by binary search.
	i, _ := slices.BinarySearchFunc(l.fixed, from, func(sh Shift, t time.Time) int {
		if sh.End.After(t) {
			return 1
		}
		return -1
	})
	var out []Shift
	for ; i < len(l.fixed) && l.fixed[i].Start.Before(to); i++ {
		out = append(out, l.fixed[i])
	}
	return out
}

// at is the layer's shift containing t, if any.
func (l layerPlan) at(t time.Time) (Shift, bool) {
	if l.rotation != nil {
		return l.rotation.at(t)
	}
	for _, sh := range l.shifts(t, t.Add(1)) {
		if !sh.Start.After(t) && sh.End.After(t) {
			return sh, true
		}
	}
	return Shift{}, false
}

func overrideShift(o Override) Shift {
	return Shift{User: o.User, Start: o.Start, End: o.End, Source: SourceOverride, Layer: -1}
}
