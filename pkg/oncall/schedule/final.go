package schedule

import (
	"slices"
	"time"
)

// Final is the final schedule in [from, to): who is on, in time order,
// clipped to the range. Layers are merged by priority (a later layer wins)
// and overrides go on top (a later override wins); adjacent pieces with the
// same user, source and layer are merged into one; where nobody is on there
// is no shift. Times are in the schedule's zone.
//
// Cost is proportional to the shifts in the range, not to how long ago a
// rotation started; callers bound the range (a year of 1-hour turns is
// fine).
func (s Schedule) Final(from, to time.Time) []Shift {
	if !from.Before(to) {
		return nil
	}
	loc, layers := s.plan()
	// Each source of shifts gets a rank; higher ranks win. Layers rank by
	// index, overrides above them by list order. Only sources with a shift
	// in the range take part, so 500 overrides far away cost nothing.
	var ranks [][]Shift
	for _, l := range layers {
		if sh := clipAll(l.shifts(from, to), from, to); len(sh) > 0 {
			ranks = append(ranks, sh)
		}
	}
	for _, o := range s.Overrides {
		if o.Start.Before(to) && o.End.After(from) && o.Start.Before(o.End) {
			ranks = append(ranks, clipAll([]Shift{overrideShift(o)}, from, to))
		}
	}
	final := mergeByRank(ranks)
	if loc != nil {
		for i := range final {
			final[i].Start, final[i].End = final[i].Start.In(loc), final[i].End.In(loc)
		}
	}
	return final
}

func clipAll(shifts []Shift, from, to time.Time) []Shift {
	out := shifts[:0]
	for _, sh := range shifts {
		if sh.Start.Before(from) {
			sh.Start = from
		}
		if sh.End.After(to) {
			sh.End = to
		}
		if sh.Start.Before(sh.End) {
			out = append(out, sh)
		}
	}
	return out
}

// mergeByRank sweeps the elementary intervals between all shift boundaries;
// in each, the highest rank with a shift covering it wins. Within a rank the
// shifts are sorted and do not overlap, so one cursor per rank suffices.
func mergeByRank(ranks [][]Shift) []Shift {
	var bounds []time.Time
	for _, shifts := range ranks {
		for _, sh := range shifts {
			bounds = append(bounds, sh.Start, sh.End)
		}
	}
	slices.SortFunc(bounds, func(a, b time.Time) int { return a.Compare(b) })
	bounds = slices.CompactFunc(bounds, func(a, b time.Time) bool { return a.Equal(b) })

	cursor := make([]int, len(ranks))
	var out []Shift
	for i := 0; i+1 < len(bounds); i++ {
		start, end := bounds[i], bounds[i+1]
		winner, ok := Shift{}, false
		for r := len(ranks) - 1; r >= 0 && !ok; r-- {
			shifts := ranks[r]
			for cursor[r] < len(shifts) && !shifts[cursor[r]].End.After(start) {
				cursor[r]++
			}
			if c := cursor[r]; c < len(shifts) && !shifts[c].Start.After(start) {
				winner, ok = shifts[c], true
			}
		}
		if !ok {
			continue
		}
		if n := len(out); n > 0 && sameOwner(out[n-1], winner) && out[n-1].End.Equal(start) {
			out[n-1].End = end
			continue
		}
		winner.Start, winner.End = start, end
		out = append(out, winner)
	}
	return out
}

// sameOwner: pieces that may merge — same person from the same place.
func sameOwner(a, b Shift) bool {
	return a.User == b.User && a.Source == b.Source && a.Layer == b.Layer
}
