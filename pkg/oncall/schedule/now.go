package schedule

import "time"

// nextHorizon is how far NowAndNext looks ahead for the next person.
const nextHorizon = 90 * 24 * time.Hour

// At is who is on at t, and the shift that puts them there, whole as its
// source defines it: the override, the fixed shift, or the rotation turn
// from its hand-off to the next (or the rotation's End) — NOT clipped where a
// higher layer or override hides part of it and not merged with a
// neighbouring turn of the same person. Final gives the visible pieces;
// NowAndNext gives the visible piece around t.
func (s Schedule) At(t time.Time) (Shift, bool) {
	loc, layers := s.plan()
	in := func(sh Shift) Shift {
		if loc != nil {
			sh.Start, sh.End = sh.Start.In(loc), sh.End.In(loc)
		}
		return sh
	}
	for i := len(s.Overrides) - 1; i >= 0; i-- {
		if o := s.Overrides[i]; !o.Start.After(t) && o.End.After(t) {
			return in(overrideShift(o)), true
		}
	}
	for i := len(layers) - 1; i >= 0; i-- {
		if sh, ok := layers[i].at(t); ok {
			return in(sh), true
		}
	}
	return Shift{}, false
}

// NowAndNext is the piece of the final schedule on at t (a piece starting
// exactly at t counts as now), or nil if nobody is on; and the first piece
// starting after t whose user differs from now's (any user when now is nil),
// or nil if there is none within 90 days. Both are pieces of Final: now's
// Start looks back at most a year and both Ends are cut at t+90 days.
func (s Schedule) NowAndNext(t time.Time) (now *Shift, next *Shift) {
	horizon := t.Add(nextHorizon)
	var ahead []Shift
	for _, lookBack := range []time.Duration{24 * time.Hour, 31 * 24 * time.Hour, 366 * 24 * time.Hour} {
		from := t.Add(-lookBack)
		ahead = s.Final(from, horizon)
		// Until now's start is found inside the window, look further back.
		if len(ahead) == 0 || !ahead[0].Start.Equal(from) || !ahead[0].End.After(t) {
			break
		}
	}
	for i := range ahead {
		sh := ahead[i]
		switch {
		case !sh.End.After(t):
			// before t
		case !sh.Start.After(t):
			now = &sh
		case now == nil || sh.User != now.User:
			return now, &sh
		}
	}
	return now, nil
}

// UserShifts are login's pieces of Final(from, to), for a per-user calendar.
func UserShifts(s Schedule, login string, from, to time.Time) []Shift {
	var out []Shift
	for _, sh := range s.Final(from, to) {
		if sh.User == login {
			out = append(out, sh)
		}
	}
	return out
}
