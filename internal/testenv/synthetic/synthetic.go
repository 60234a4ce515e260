// Package synthetic is a fake service fleet for tests and demos: a
// Prometheus exporter whose request counters and latency histograms follow
// per-service profiles that tests (or a browser script, through
// POST /control/{service}) change while it runs.
//
// Counters advance with wall time, computed lazily at scrape time from the
// elapsed time × RPS, so two scrapes a second apart always differ by exactly
// one second of traffic: the numbers are deterministic, not sampled.
package synthetic

import (
	"fmt"
	"io"
	"math"
	"net/http"
	"sort"
	"strconv"
	"sync"
	"time"
)

// Buckets are the histogram's upper bounds in seconds (+Inf is implied).
var Buckets = []float64{0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10}

// Exporter serves /metrics and /control for a set of services.
type Exporter struct {
	now     func() time.Time
	handler http.Handler

	mu       sync.Mutex
	services map[string]*service
}

// service is one service's profile and counters since it was first set.
type service struct {
	profile Profile
	last    time.Time // counters include traffic up to here
	ok, err float64   // requests by status 200 / 500
	buckets []float64 // cumulative counts per Buckets bound, then +Inf
	sum     float64   // seconds
}

// New returns an exporter on the wall clock.
func New() *Exporter { return NewWithClock(time.Now) }

// NewWithClock returns an exporter on the given clock, for tests that
// advance time themselves.
func NewWithClock(now func() time.Time) *Exporter {
	e := &Exporter{now: now, services: map[string]*service{}}
	e.handler = e.mux()
	return e
}

// SetProfile changes how a service behaves from now on, adding it if new.
// Traffic up to now is counted under the previous profile.
func (e *Exporter) SetProfile(name string, p Profile) error {
	if err := checkName(name); err != nil {
		return err
	}
	if err := p.Validate(); err != nil {
		return err
	}
	e.mu.Lock()
	defer e.mu.Unlock()
	now := e.now()
	s, ok := e.services[name]
	if !ok {
		s = &service{last: now, buckets: make([]float64, len(Buckets)+1)}
		e.services[name] = s
	}
	s.advance(now)
	s.profile = p
	return nil
}

// Profiles returns the current profile of every service.
func (e *Exporter) Profiles() map[string]Profile {
	e.mu.Lock()
	defer e.mu.Unlock()
	out := make(map[string]Profile, len(e.services))
	for n, s := range e.services {
		out[n] = s.profile
	}
	return out
}

// advance counts the traffic between s.last and now under s.profile. All
// requests of the period fall in the one bucket their latency belongs to.
func (s *service) advance(now time.Time) {
	dt := now.Sub(s.last).Seconds()
	if dt <= 0 {
		return
	}
	s.last = now
	n := dt * s.profile.RPS
	s.err += n * s.profile.ErrorRatio
	s.ok += n * (1 - s.profile.ErrorRatio)
	lat := s.profile.Latency.Seconds()
	for i, le := range Buckets {
		if lat <= le {
			s.buckets[i] += n
		}
	}
	s.buckets[len(Buckets)] += n
	s.sum += n * lat
}

// WriteMetrics writes every service's counters in the Prometheus text
// exposition format (version 0.0.4), services in name order.
func (e *Exporter) WriteMetrics(w io.Writer) error {
	e.mu.Lock()
	now := e.now()
	names := make([]string, 0, len(e.services))
	snap := make(map[string]service, len(e.services))
	for n, s := range e.services {
		s.advance(now)
		names = append(names, n)
		c := *s
		c.buckets = append([]float64(nil), s.buckets...)
		snap[n] = c
	}
	e.mu.Unlock()
	sort.Strings(names)

	b := []byte("# HELP http_requests_total Requests served, by service and status.\n# TYPE http_requests_total counter\n")
	for _, n := range names {
		s := snap[n]
		// Both statuses are always written: a missing 500 series would make
		// the error-rate query return no data instead of 0.
		b = fmt.Appendf(b, "http_requests_total{service=%q,status=\"200\"} %s\n", n, num(s.ok))
		b = fmt.Appendf(b, "http_requests_total{service=%q,status=\"500\"} %s\n", n, num(s.err))
	}
	b = append(b, "# HELP http_request_duration_seconds Request latency.\n# TYPE http_request_duration_seconds histogram\n"...)
	for _, n := range names {
		s := snap[n]
		for i, le := range Buckets {
			b = fmt.Appendf(b, "http_request_duration_seconds_bucket{service=%q,le=%q} %s\n", n, num(le), num(s.buckets[i]))
		}
		total := s.buckets[len(Buckets)]
		b = fmt.Appendf(b, "http_request_duration_seconds_bucket{service=%q,le=\"+Inf\"} %s\n", n, num(total))
		b = fmt.Appendf(b, "http_request_duration_seconds_sum{service=%q} %s\n", n, num(s.sum))
		b = fmt.Appendf(b, "http_request_duration_seconds_count{service=%q} %s\n", n, num(total))
	}
	_, err := w.Write(b)
	return err
}

func num(v float64) string {
	if math.IsInf(v, 1) {
		return "+Inf"
	}
	return strconv.FormatFloat(v, 'f', -1, 64)
}
