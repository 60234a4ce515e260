package schedule

import "time"

// Schedule says who is on call at any instant. It is stored as one JSON
// document and sent to the browser as is.
type Schedule struct {
	ID        string     `json:"id"`        // slug, [a-z0-9-], 1..64
	Name      string     `json:"name"`      // 1..200 characters
	TimeZone  string     `json:"timeZone"`  // IANA name, e.g. "Europe/Berlin"
	Layers    []Layer    `json:"layers"`    // 1..10; a later layer has higher priority
	Overrides []Override `json:"overrides"` // 0..500; an override beats every layer
}

// Layer is one rotation or one list of fixed shifts; exactly one of the two.
type Layer struct {
	Name     string    `json:"name"`
	Rotation *Rotation `json:"rotation,omitempty"`
	// Shifts are fixed shifts (an imported iCalendar feed becomes a layer of
	// these), 0..5000, non-overlapping after sorting. Their Source and Layer
	// are ignored on input.
	Shifts []Shift `json:"shifts,omitempty"`
}

// Rotation hands off between participants every Every Units of wall time.
type Rotation struct {
	// Participants are Grafana logins in hand-off order, 1..100; the same
	// login may appear twice (a, b, a, c).
	Participants []string `json:"participants"`
	Every        int      `json:"every"` // hours ≤ 168, days ≤ 90, weeks ≤ 52
	Unit         string   `json:"unit"`  // "hours" | "days" | "weeks"
	// Start is the first hand-off as a local wall-clock reading in the
	// schedule's zone, "2026-01-05T09:00" (no offset). Its time of day is the
	// hand-off time of every later hand-off.
	Start string `json:"start"`
	// End (same format), if set, is when the rotation stops having anyone on.
	End string `json:"end,omitempty"`
}

// Override puts User on call for [Start, End), above every layer.
type Override struct {
	ID     string    `json:"id"`
	User   string    `json:"user"`
	Start  time.Time `json:"start"`
	End    time.Time `json:"end"` // after Start, at most 31 days later
	Reason string    `json:"reason,omitempty"`
}

// Shift is User on call for [Start, End). In answers Source says where it
// came from and Layer is the layer index (-1 for overrides).
type Shift struct {
	User   string    `json:"user"`
	Start  time.Time `json:"start"`
	End    time.Time `json:"end"`
	Source string    `json:"source,omitempty"`
	Layer  int       `json:"layer"`
}

// Where a shift in an answer came from.
const (
	SourceRotation = "rotation"
	SourceImported = "imported"
	SourceOverride = "override"
)

// Rotation units.
const (
	UnitHours = "hours"
	UnitDays  = "days"
	UnitWeeks = "weeks"
)

// Bounds that Validate enforces.
const (
	MaxIDLength       = 64
	MaxNameLength     = 200
	MaxLoginLength    = 200
	MaxReasonLength   = 500
	MaxLayers         = 10
	MaxOverrides      = 500
	MaxParticipants   = 100
	MaxFixedShifts    = 5000
	MaxOverrideLength = 31 * 24 * time.Hour
	MaxEveryHours     = 168
	MaxEveryDays      = 90
	MaxEveryWeeks     = 52
)

// WallLayout is the format of Rotation.Start and Rotation.End.
const WallLayout = "2006-01-02T15:04"
