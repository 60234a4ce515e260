package alertintake

import (
	"testing"
	"time"
)

func TestImpactOfTheOpeningAlerts(t *testing.T) {
	at := time.Date(2026, 11, 29, 10, 0, 0, 0, time.UTC)
	min := func(m int) time.Time { return at.Add(time.Duration(m) * time.Minute) }
	alerts := func(status string, starts ...time.Time) Notification {
		var n Notification
		for _, s := range starts {
			n.Alerts = append(n.Alerts, Alert{Status: status, StartsAt: s.In(time.FixedZone("CET", 3600))})
		}
		return n
	}
	onset := func(m int) *time.Time { t := min(m); return &t }
	for name, c := range map[string]struct {
		n           Notification
		onset       *time.Time
		start, det  time.Time
		from        string
		nilExpected bool
	}{
		"earliest firing":            {n: alerts("firing", min(-3), min(-9), min(-5)), start: min(-9), det: min(-9), from: "alert"},
		"resolved ones do not count": {n: Notification{Alerts: []Alert{{Status: "resolved", StartsAt: min(-30)}, {Status: "firing", StartsAt: min(-2)}}}, start: min(-2), det: min(-2), from: "alert"},
		"metrics earlier":            {n: alerts("firing", min(-5)), onset: onset(-12), start: min(-12), det: min(-5), from: "metrics"},
		"metrics later":              {n: alerts("firing", min(-5)), onset: onset(-1), start: min(-5), det: min(-5), from: "alert"},
		"clock ahead":                {n: alerts("firing", min(4)), start: at, det: at, from: "alert"},
		"too old":                    {n: alerts("firing", min(-33*24*60)), nilExpected: true},
		"no start":                   {n: alerts("firing", time.Time{}), nilExpected: true},
		"only metrics":               {n: alerts("firing", time.Time{}), onset: onset(-7), start: min(-7), from: "metrics"},
	} {
		im := impactOf(c.n, c.onset, at)
		if c.nilExpected {
			if im != nil {
				t.Errorf("%s: %+v, want none", name, im)
			}
			continue
		}
		switch {
		case im == nil || !im.Start.Equal(c.start) || im.Start.Location() != time.UTC || im.From != c.from:
			t.Errorf("%s: %+v, want start %v from %s", name, im, c.start, c.from)
		case c.det.IsZero() && im.Detected != nil, !c.det.IsZero() && (im.Detected == nil || !im.Detected.Equal(c.det)):
			t.Errorf("%s: detected %v, want %v", name, im.Detected, c.det)
		}
	}
}
