package schedule

import (
	"fmt"
	"slices"
	"strings"
	"unicode/utf8"

	"github.com/warroom/warroom-incident-app/pkg/incident"
)

// Validate returns every problem with its JSON path, so the schedule editor
// can mark each wrong field. Messages never echo more than a short prefix of
// what was sent, and a list over its bound is reported once, not item by
// item.
func (s Schedule) Validate() []incident.FieldError {
	v := &validator{}
	if !validSlug(s.ID) {
		v.bad("id", "must be 1–%d characters of a–z, 0–9 and -", MaxIDLength)
	}
	v.text("name", s.Name, MaxNameLength, true)
	if s.TimeZone == "" {
		v.bad("timeZone", "is required: an IANA zone such as Europe/Berlin")
	} else if _, err := loadZone(s.TimeZone); err != nil {
		v.bad("timeZone", "unknown time zone %s; use an IANA name such as Europe/Berlin", quote(s.TimeZone))
	}
	switch {
	case len(s.Layers) == 0:
		v.bad("layers", "needs at least one layer")
	case len(s.Layers) > MaxLayers:
		v.bad("layers", "at most %d layers", MaxLayers)
	default:
		for i, l := range s.Layers {
			v.layer(fmt.Sprintf("layers[%d]", i), l)
		}
	}
	if len(s.Overrides) > MaxOverrides {
		v.bad("overrides", "at most %d overrides; remove past ones", MaxOverrides)
	} else {
		ids := map[string]bool{}
		for i, o := range s.Overrides {
			at := fmt.Sprintf("overrides[%d]", i)
			switch {
			case strings.TrimSpace(o.ID) == "" || len(o.ID) > MaxIDLength:
				v.bad(at+".id", "must be a non-empty id of at most %d characters", MaxIDLength)
			case ids[o.ID]:
				v.bad(at+".id", "is used by another override")
			}
			ids[o.ID] = true
			v.login(at+".user", o.User)
			v.text(at+".reason", o.Reason, MaxReasonLength, false)
			v.span(at, o.Start.IsZero(), o.End.IsZero(), o.End.Sub(o.Start) > 0)
			if !o.Start.IsZero() && !o.End.IsZero() && o.End.Sub(o.Start) > MaxOverrideLength {
				v.bad(at+".end", "an override lasts at most 31 days; add a layer for longer cover")
			}
		}
	}
	return v.errs
}

type validator struct{ errs []incident.FieldError }

func (v *validator) bad(path, format string, args ...any) {
	v.errs = append(v.errs, incident.FieldError{Path: path, Message: fmt.Sprintf(format, args...)})
}

func (v *validator) text(path, s string, limit int, required bool) {
	switch {
	case required && strings.TrimSpace(s) == "":
		v.bad(path, "is required")
	case utf8.RuneCountInString(s) > limit:
		v.bad(path, "at most %d characters", limit)
	}
}

func (v *validator) login(path, login string) {
	switch {
	case strings.TrimSpace(login) == "":
		v.bad(path, "must be a Grafana login")
	case len(login) > MaxLoginLength:
		v.bad(path, "a login is at most %d characters", MaxLoginLength)
	}
}

// span checks a [start, end) of instants.
func (v *validator) span(at string, noStart, noEnd, positive bool) {
	switch {
	case noStart:
		v.bad(at+".start", "is required")
	case noEnd:
		v.bad(at+".end", "is required")
	case !positive:
		v.bad(at+".end", "must be after start")
	}
}

func (v *validator) layer(at string, l Layer) {
	v.text(at+".name", l.Name, MaxNameLength, false)
	switch {
	case l.Rotation != nil && len(l.Shifts) > 0:
		v.bad(at, "has both a rotation and fixed shifts; a layer is one or the other")
	case l.Rotation != nil:
		v.rotation(at+".rotation", *l.Rotation)
	default:
		v.fixedShifts(at+".shifts", l.Shifts)
	}
}

func (v *validator) rotation(at string, r Rotation) {
	switch n := len(r.Participants); {
	case n == 0:
		v.bad(at+".participants", "needs at least one participant")
	case n > MaxParticipants:
		v.bad(at+".participants", "at most %d participants", MaxParticipants)
	default:
		for i, p := range r.Participants {
			v.login(fmt.Sprintf("%s.participants[%d]", at, i), p)
		}
	}
	limits := map[string]int{UnitHours: MaxEveryHours, UnitDays: MaxEveryDays, UnitWeeks: MaxEveryWeeks}
	if limit, ok := limits[r.Unit]; !ok {
		v.bad(at+".unit", "must be hours, days or weeks")
	} else if r.Every < 1 || r.Every > limit {
		v.bad(at+".every", "must be 1 to %d %s", limit, r.Unit)
	}
	start, startErr := parseWall(r.Start)
	if startErr != nil {
		v.bad(at+".start", "must be a local date and time like 2026-01-05T09:00 (no offset)")
	}
	if r.End == "" {
		return
	}
	end, err := parseWall(r.End)
	switch {
	case err != nil:
		v.bad(at+".end", "must be a local date and time like 2026-01-05T09:00 (no offset), or left out")
	case startErr == nil && end <= start:
		v.bad(at+".end", "must be after start")
	}
}

// fixedShifts checks each shift and that, sorted by start, none overlaps an
// earlier one: the path names the later of the two, by its index as sent.
func (v *validator) fixedShifts(at string, shifts []Shift) {
	if len(shifts) > MaxFixedShifts {
		v.bad(at, "at most %d fixed shifts; import a shorter range", MaxFixedShifts)
		return
	}
	valid := make([]int, 0, len(shifts))
	for i, sh := range shifts {
		path := fmt.Sprintf("%s[%d]", at, i)
		v.login(path+".user", sh.User)
		v.span(path, sh.Start.IsZero(), sh.End.IsZero(), sh.End.Sub(sh.Start) > 0)
		if !sh.Start.IsZero() && sh.End.After(sh.Start) {
			valid = append(valid, i)
		}
	}
	slices.SortStableFunc(valid, func(a, b int) int { return shifts[a].Start.Compare(shifts[b].Start) })
	// latest is the earlier shift reaching furthest, so a long shift is
	// caught overlapping every later one, not only its next neighbour.
	for j, latest := 1, 0; j < len(valid); j++ {
		cur := shifts[valid[j]]
		if cur.Start.Before(shifts[valid[latest]].End) {
			v.bad(fmt.Sprintf("%s[%d].start", at, valid[j]), "overlaps %s[%d]; fixed shifts in one layer may not overlap", at, valid[latest])
		}
		if cur.End.After(shifts[valid[latest]].End) {
			latest = j
		}
	}
}

func validSlug(s string) bool {
	if len(s) == 0 || len(s) > MaxIDLength {
		return false
	}
	for _, c := range s {
		if (c < 'a' || c > 'z') && (c < '0' || c > '9') && c != '-' {
			return false
		}
	}
	return true
}

// quote shows at most 40 characters of what the user sent.
func quote(s string) string {
	const limit = 40
	if utf8.RuneCountInString(s) > limit {
		s = string([]rune(s)[:limit]) + "…"
	}
	return fmt.Sprintf("%q", s)
}
