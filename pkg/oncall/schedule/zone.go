package schedule

import (
	"errors"
	"sync"
	"time"
)

// zones caches loaded locations: time.LoadLocation parses zone data on every
// call, and At is called per sample, per request.
var zones sync.Map // name → *time.Location

// loadZone loads an IANA zone. It refuses "" and "Local", which
// time.LoadLocation accepts as UTC and as the host's zone: a schedule must
// name its zone so its answers do not depend on the machine.
func loadZone(name string) (*time.Location, error) {
	if name == "" || name == "Local" {
		return nil, errors.New("not an IANA zone name")
	}
	if loc, ok := zones.Load(name); ok {
		return loc.(*time.Location), nil
	}
	loc, err := time.LoadLocation(name)
	if err != nil {
		return nil, err
	}
	zones.Store(name, loc)
	return loc, nil
}

// A wall-clock reading is held as Unix seconds of the same reading in UTC:
// "2026-03-08T02:30" is the instant 2026-03-08T02:30Z. UTC has no DST, so
// adding k×24 h to it is "the same time k days later" on the wall.
type wallSeconds = int64

// parseWall reads a "2006-01-02T15:04" wall-clock reading.
func parseWall(s string) (wallSeconds, error) {
	t, err := time.Parse(WallLayout, s)
	if err != nil {
		return 0, err
	}
	return t.Unix(), nil
}

// wallOf is what the wall clock in t's location shows at t.
func wallOf(t time.Time) wallSeconds {
	_, offset := t.Zone()
	return t.Unix() + int64(offset)
}

// zonePeriod is a stretch of time with one UTC offset; zero start or end
// means unbounded.
type zonePeriod struct {
	start, end int64 // Unix seconds; end exclusive
	unbounded  [2]bool
	offset     int64
}

func (p zonePeriod) contains(unix int64) bool {
	return (p.unbounded[0] || unix >= p.start) && (p.unbounded[1] || unix < p.end)
}

// instantOf is the one place a wall-clock reading becomes an instant. The
// rules (see doc.go): a reading inside a spring-forward gap means the first
// instant after the gap; a reading that occurs twice means the first
// occurrence. time.Date does not promise either, so we decide from the
// zone's periods ourselves.
func instantOf(wall wallSeconds, loc *time.Location) time.Time {
	// Offsets on Earth are within ±26 h of UTC, so every period that could
	// show this reading overlaps [wall-30h, wall+30h].
	const margin = 30 * 3600
	var periods [8]zonePeriod
	n := 0
	probe := time.Unix(wall-margin, 0).In(loc)
	for n < len(periods) {
		start, end := probe.ZoneBounds()
		_, offset := probe.Zone()
		periods[n] = zonePeriod{start: start.Unix(), end: end.Unix(), unbounded: [2]bool{start.IsZero(), end.IsZero()}, offset: int64(offset)}
		n++
		if end.IsZero() || end.Unix() > wall+margin {
			break
		}
		probe = end.In(loc)
	}
	// The earliest instant whose wall clock shows the reading: with a
	// fall-back overlap two periods qualify and the first one wins.
	for _, p := range periods[:n] {
		if at := wall - p.offset; p.contains(at) {
			return time.Unix(at, 0).In(loc)
		}
	}
	// Nobody's clock shows it: it lies in a gap between two periods, and
	// the hand-off happens at the transition, the first instant after it.
	for i := 0; i+1 < n; i++ {
		before, after := periods[i], periods[i+1]
		if transition := before.end; transition+before.offset <= wall && wall < transition+after.offset {
			return time.Unix(transition, 0).In(loc)
		}
	}
	// Unreachable for real zone data; fall back to Go's own choice.
	return time.Unix(wall-periods[0].offset, 0).In(loc)
}
