package correlation

import "time"

// Onset is the earliest sustained breach among r's findings, nil when none
// was sustained: when the impact started by the metrics (package insights
// measures from it).
func (r Result) Onset() *time.Time {
	var first *time.Time
	for _, s := range r.Services {
		for _, f := range s.Signals {
			if f.Sustained && f.Onset != nil && (first == nil || f.Onset.Before(*first)) {
				first = f.Onset
			}
		}
	}
	if first == nil {
		return nil
	}
	t := first.UTC()
	return &t
}
