package alertintake

import (
	"time"

	"github.com/warroom/warroom-incident-app/pkg/declare"
	"github.com/warroom/warroom-incident-app/pkg/incident"
	"github.com/warroom/warroom-incident-app/pkg/insights"
)

// impactOf is the impact of an incident n opens at at: detected when its
// first firing alert started, and started then too unless the metrics'
// onset is earlier (the alert fires after its rule's pending period; the
// metrics saw the breach begin). Times after at are at; times more than
// declare.MaxOnsetBefore before it are a clock error or an old flapping
// alert, not this incident's start, and are left out. Nil: nothing known,
// the impact started at the declaration.
func impactOf(n Notification, onset *time.Time, at time.Time) *incident.Impact {
	bound := func(t time.Time) *time.Time {
		if t.IsZero() || t.Before(at.Add(-declare.MaxOnsetBefore)) {
			return nil
		}
		t = t.UTC()
		if t.After(at) {
			t = at
		}
		return &t
	}
	var detected *time.Time
	for _, al := range n.Alerts {
		if s := bound(al.StartsAt); al.Status == "firing" && s != nil && (detected == nil || s.Before(*detected)) {
			detected = s
		}
	}
	var im *incident.Impact
	if detected != nil {
		im = &incident.Impact{Start: *detected, From: insights.FromAlert, Detected: detected}
	}
	if onset == nil {
		return im
	}
	if o := bound(*onset); o != nil && (im == nil || o.Before(im.Start)) {
		im = &incident.Impact{Start: *o, From: insights.FromMetrics, Detected: detected}
	}
	return im
}
