package correlation

import (
	"math"
	"time"

	"github.com/warroom/warroom-incident-app/pkg/incident"
)

// runs tracks the breach runs of one series above one threshold as samples
// stream by, so every threshold of a signal is measured in the same pass.
type runs struct {
	threshold float64
	// Sustained runs seen so far.
	sustained         bool
	onset, since, end time.Time // first run's start; latest run's start and last sample
	above             time.Duration
	open              bool
	first, last       time.Time // the run in progress
}

func (r *runs) add(t time.Time, v float64, sustainFor time.Duration) {
	if v > r.threshold { // false for NaN, which ends the run
		if !r.open {
			r.open, r.first = true, t
		}
		r.last = t
		return
	}
	r.close(sustainFor)
}

// close ends the run in progress; only runs lasting sustainFor count, so a single
// bad scrape, however high, is never an incident.
func (r *runs) close(sustainFor time.Duration) {
	if !r.open {
		return
	}
	r.open = false
	d := r.last.Sub(r.first)
	if d < sustainFor {
		return
	}
	if !r.sustained {
		r.sustained, r.onset = true, r.first
	}
	r.since, r.end = r.first, r.last
	r.above += d
}

// scanner holds what every series of one evaluation shares.
type scanner struct {
	from, to   time.Time
	maxGap     time.Duration // 0: gaps never split (step unknown)
	sustainFor time.Duration
	buf        []runs
}

// peak is the highest finite sample of a series.
type peak struct {
	v    float64
	at   time.Time
	ok   bool
	last time.Time // last sample in the window, NaN or not
}

// scan feeds points through rs in one pass. Samples outside [from, to] (when
// set) are ignored; non-finite values are no data, since Prometheus' +Inf
// quantiles and 0/0 ratios carry no measurement and JSON cannot encode them.
func (s *scanner) scan(points []Point, rs []runs) peak {
	var p peak
	var prev time.Time
	seen := false
	for _, pt := range points {
		if (!s.from.IsZero() && pt.T.Before(s.from)) || (!s.to.IsZero() && pt.T.After(s.to)) {
			continue
		}
		if seen && !pt.T.After(prev) {
			continue // out of order or duplicate: would make durations negative
		}
		if seen && s.maxGap > 0 && pt.T.Sub(prev) > s.maxGap {
			for i := range rs {
				rs[i].close(s.sustainFor)
			}
		}
		prev, seen = pt.T, true
		v := pt.V
		if math.IsInf(v, 0) {
			v = math.NaN()
		}
		if !math.IsNaN(v) && (!p.ok || v > p.v) {
			p.v, p.at, p.ok = v, pt.T, true
		}
		for i := range rs {
			rs[i].add(pt.T, v, s.sustainFor)
		}
	}
	for i := range rs {
		rs[i].close(s.sustainFor)
	}
	p.last = prev
	return p
}

// evalSignal measures one signal. rs[0] is the level threshold (latency, or
// high error rate), rs[1] elevated error rate, rs[2:] the rules' ErrorRateOver
// thresholds; crossed reports, per rule threshold, whether a sustained run
// went above it.
func evalSignal(s *scanner, sig Signal, th thresholds, ruleTh []float64) (f SignalFinding, reason string, crossed []bool) {
	f = SignalFinding{Kind: sig.Kind, Query: sig.Query, Unavailable: sig.Err}
	var level incident.Severity
	rs := s.buf[:0]
	switch sig.Kind {
	case Latency:
		f.Threshold = th.latency
		rs = append(rs, runs{threshold: th.latency})
	case ErrorRate:
		f.Threshold = th.errElevated
		rs = append(rs, runs{threshold: th.errHigh}, runs{threshold: th.errElevated})
		for _, v := range ruleTh {
			rs = append(rs, runs{threshold: v})
		}
	default:
		if f.Unavailable == "" {
			f.Unavailable = "unknown signal kind " + string(sig.Kind)
		}
	}
	s.buf = rs
	if f.Unavailable != "" {
		return f, unavailableReason(sig.Kind, f.Unavailable), nil
	}
	p := s.scan(sig.Points, rs)
	if p.ok {
		f.Observed, f.Peak = p.v, timePtr(p.at)
	}
	r := rs[0]
	switch {
	case sig.Kind == Latency && r.sustained:
		level = incident.P3
	case sig.Kind == ErrorRate && r.sustained:
		level, f.Threshold = incident.P2, th.errHigh
	case sig.Kind == ErrorRate:
		r = rs[1]
		if r.sustained {
			level = incident.P3
		}
	}
	if sig.Kind == ErrorRate {
		crossed = make([]bool, len(ruleTh))
		for i := range ruleTh {
			crossed[i] = rs[2+i].sustained
		}
	}
	f.Level, f.Sustained, f.Above = level, r.sustained, r.above
	if r.sustained {
		f.Onset, f.Since = timePtr(r.onset), timePtr(r.since)
		f.Active = r.end.Equal(p.last)
		return f, breachReason(f, r.end.Sub(r.since), r.end), crossed
	}
	return f, spikeReason(f, s.sustainFor), crossed
}

func timePtr(t time.Time) *time.Time {
	u := t.UTC()
	return &u
}
