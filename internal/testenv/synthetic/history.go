package synthetic

import (
	"bytes"
	"fmt"
	"io"
	"sort"
	"time"
)

// Schedule is a service's profile at each moment of its past.
type Schedule func(t time.Time) Profile

// Backfill gives services a past: it counts each one's traffic from `from`
// to the exporter's now under its schedule, writes a sample every step to w
// in the OpenMetrics text format (what `promtool tsdb create-blocks-from
// openmetrics` reads), and then serves the services live from where that
// history ends, under their profile at now. The counters carry on, so a
// Prometheus loaded with the history and scraping the exporter sees one
// unbroken series, no reset. The services must be new to the exporter.
func (e *Exporter) Backfill(w io.Writer, schedules map[string]Schedule, from time.Time, step time.Duration) error {
	if step <= 0 {
		return fmt.Errorf("backfill step must be positive, not %s", step)
	}
	names := make([]string, 0, len(schedules))
	for n := range schedules {
		if err := checkName(n); err != nil {
			return err
		}
		names = append(names, n)
	}
	sort.Strings(names)

	e.mu.Lock()
	defer e.mu.Unlock()
	now := e.now()
	// OpenMetrics wants each metric family in one block: counters and
	// histograms are written apart and joined at the end.
	var counters, histograms bytes.Buffer
	built := make(map[string]*service, len(names))
	for _, n := range names {
		if _, ok := e.services[n]; ok {
			return fmt.Errorf("service %q already has traffic: backfill only new services", n)
		}
		s := &service{last: from, buckets: make([]float64, len(Buckets)+1)}
		written := from.UnixMilli()
		for t := from.Add(step); ; t = t.Add(step) {
			if t.After(now) {
				t = now
			}
			// The traffic up to t follows the profile at the start of the interval.
			s.profile = schedules[n](s.last)
			if err := s.profile.Validate(); err != nil {
				return fmt.Errorf("service %q at %s: %w", n, s.last.Format(time.RFC3339), err)
			}
			s.advance(t)
			// Samples carry milliseconds: a last step less than 1 ms before now
			// would repeat a timestamp, which promtool refuses.
			if t.UnixMilli() > written {
				s.writeSamples(&counters, &histograms, n, t)
				written = t.UnixMilli()
			}
			if !t.Before(now) {
				break
			}
		}
		s.profile = schedules[n](now)
		built[n] = s
	}
	if _, err := fmt.Fprintf(w, "# TYPE http_requests counter\n# HELP http_requests Requests served, by service and status.\n%s"+
		"# TYPE http_request_duration_seconds histogram\n# HELP http_request_duration_seconds Request latency.\n%s# EOF\n",
		counters.Bytes(), histograms.Bytes()); err != nil {
		return err
	}
	for n, s := range built {
		e.services[n] = s
	}
	return nil
}

// writeSamples appends s's counters at t, with the series names and label
// values WriteMetrics serves, so history and live scrapes are the same series.
func (s *service) writeSamples(counters, histograms *bytes.Buffer, name string, t time.Time) {
	ts := fmt.Sprintf("%d.%03d", t.UnixMilli()/1000, t.UnixMilli()%1000)
	fmt.Fprintf(counters, "http_requests_total{service=%q,status=\"200\"} %s %s\n", name, num(s.ok), ts)
	fmt.Fprintf(counters, "http_requests_total{service=%q,status=\"500\"} %s %s\n", name, num(s.err), ts)
	for i, le := range Buckets {
		fmt.Fprintf(histograms, "http_request_duration_seconds_bucket{service=%q,le=%q} %s %s\n", name, num(le), num(s.buckets[i]), ts)
	}
	total := s.buckets[len(Buckets)]
	fmt.Fprintf(histograms, "http_request_duration_seconds_bucket{service=%q,le=\"+Inf\"} %s %s\n", name, num(total), ts)
	fmt.Fprintf(histograms, "http_request_duration_seconds_count{service=%q} %s %s\n", name, num(total), ts)
	fmt.Fprintf(histograms, "http_request_duration_seconds_sum{service=%q} %s %s\n", name, num(s.sum), ts)
}
