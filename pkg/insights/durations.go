package insights

import "time"

// Durations are one incident's response times in seconds, as the measures
// count them (Summarize) and the export shows them; nil where the later
// time is not known yet.
type Durations struct {
	Detect      float64  // impact start → detected (MTTD)
	Acknowledge *float64 // declared → acknowledged (MTTA)
	Mitigate    *float64 // impact start → mitigated (MTTM)
	Resolve     *float64 // impact start → resolved, finally (MTTR)
}

// DurationsOf is r's response times.
func DurationsOf(r Record) Durations {
	d := Durations{Detect: seconds(r.ImpactStart, r.Detected)}
	if r.Acknowledged != nil {
		d.Acknowledge = secondsPtr(r.Declared, *r.Acknowledged)
	}
	if r.Mitigated != nil {
		d.Mitigate = secondsPtr(r.ImpactStart, *r.Mitigated)
	}
	if r.Resolved != nil {
		d.Resolve = secondsPtr(r.ImpactStart, *r.Resolved)
	}
	return d
}

func secondsPtr(a, b time.Time) *float64 {
	s := seconds(a, b)
	return &s
}

// Today is the day, in zone (nil: UTC), against which action items'
// due dates (YYYY-MM-DD) are judged.
func Today(now time.Time, zone *time.Location) string {
	if zone == nil {
		zone = time.UTC
	}
	return now.In(zone).Format(time.DateOnly)
}

// Overdue reports an open action item due before today (Today): due on
// the day itself is not late yet.
func Overdue(due, today string) bool { return due < today }

// OverdueItems counts r's open action items overdue on today (Today).
func OverdueItems(r Record, today string) int {
	n := 0
	for _, due := range r.OpenDue {
		if Overdue(due, today) {
			n++
		}
	}
	return n
}
