package timers

import (
	"time"

	"github.com/warroom/warroom-incident-app/pkg/policy"
)

// Summary is an incident's timers as the timers panel shows them: Output
// without the firings (the scheduler's business). The scheduler stores it
// as JSON with each incident (store.Projection.Timers), so the panel reads
// it rather than computing it.
type Summary struct {
	Timers      []Timer     `json:"timers"`
	CurrentTier policy.Tier `json:"currentTier"`
	NextChange  *time.Time  `json:"nextChange,omitempty"`
}

// Summary is o as the panel shows it.
func (o Output) Summary() Summary {
	return Summary{Timers: o.Timers, CurrentTier: o.CurrentTier, NextChange: o.NextChange}
}

// SoonestDue is the earliest due time of a running timer (ok, warning or
// breached); nil when none runs.
func (o Output) SoonestDue() *time.Time {
	var soonest *time.Time
	for _, t := range o.Timers {
		switch t.State {
		case OK, Warning, Breached:
			if t.Due != nil && (soonest == nil || t.Due.Before(*soonest)) {
				soonest = t.Due
			}
		}
	}
	return soonest
}
