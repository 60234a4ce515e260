// Package schedule answers who is on call at any instant. It is pure: no I/O
// beyond loading time zone rules, no clock — every function takes the times
// it needs — so the same answers come out of the API, the scheduler and the
// tests.
//
// # Model
//
// A Schedule has a time zone, 1–10 layers and up to 500 overrides. A layer is
// either a Rotation (participants handing off to each other every N hours,
// days or weeks) or a list of fixed Shifts (an imported iCalendar feed, or
// hand-made business-hours blocks).
//
// # Priority
//
// Overrides beat every layer for their range; where overrides overlap, the
// one later in the list wins (the most recently added, as in PagerDuty).
// Among layers a LATER layer has HIGHER priority: at any instant the highest
// layer with someone on wins, and where it has nobody (a gap, a rotation not
// yet started or already ended) the layers below show through. Where nobody
// is on anywhere, the final schedule simply has no shift.
//
// # Wall-clock hand-offs and daylight saving time
//
// People agree on hand-offs by the clock on the wall ("Monday 09:00"), so a
// rotation's Start and End are local wall-clock readings in the schedule's
// zone, and hand-off k is Start advanced by k×Every units of WALL time:
// a daily or weekly rotation hands off at the same time of day on every k-th
// day or week, and an hourly rotation counts wall hours, so a 12-hour
// rotation handing off at 08:00/20:00 keeps doing so across DST; the shift
// containing the change is 11 or 13 real hours long.
//
// Two wall readings a year need a rule, because Go's time.Date does not
// promise which side it picks:
//
//   - A reading that does not exist (spring forward: 02:30 on a US
//     spring-forward day) means the first instant after the gap (03:00 local).
//     The hand-off happens as soon as the clock can show a time at or after
//     the agreed one, so nobody's shift is stretched by a skipped hour.
//   - A reading that exists twice (fall back: 01:30 on a US fall-back day)
//     means its FIRST occurrence, the earlier instant. The first time the
//     clock shows the agreed time is when people expect to hand off.
//
// Both rules live in one helper (instantOf in zone.go) and every wall-to-
// instant conversion goes through it. The rules make hand-offs monotonic:
// two hand-offs may fall on the same instant (an hourly rotation across a
// one-hour gap); the turn between them is empty and left out.
//
// Fixed shifts and overrides are instants (RFC 3339 in JSON) and need no
// rule. Answers carry times in the schedule's zone so the browser can show
// local offsets as they are.
package schedule

import (
	// The zone rules are compiled in so schedules work on hosts (and Grafana
	// plugin containers) without /usr/share/zoneinfo; it costs ~450 KB.
	_ "time/tzdata"
)
