package servicemetrics

import (
	"context"
	"errors"
	"fmt"
	"math"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/warroom/warroom-incident-app/pkg/catalog"
	"github.com/warroom/warroom-incident-app/pkg/incident"
	"github.com/warroom/warroom-incident-app/pkg/policy"
	"github.com/warroom/warroom-incident-app/pkg/prometheus"
)

// fake answers each query from a function of the query text, on the grid
// it is asked for, like Prometheus does.
type fake struct {
	answer   func(query string, start, end time.Time, step time.Duration) ([]prometheus.Series, error)
	mu       sync.Mutex
	steps    []time.Duration
	queries  []string
	inFlight atomic.Int32
	peak     atomic.Int32
}

func (f *fake) QueryRange(ctx context.Context, q string, start, end time.Time, step time.Duration) ([]prometheus.Series, error) {
	n := f.inFlight.Add(1)
	defer f.inFlight.Add(-1)
	for p := f.peak.Load(); n > p && !f.peak.CompareAndSwap(p, n); p = f.peak.Load() {
	}
	f.mu.Lock()
	f.steps, f.queries = append(f.steps, step), append(f.queries, q)
	f.mu.Unlock()
	return f.answer(q, start, end, step)
}

// constant is one series with value v at every grid point.
func constant(v float64) func(string, time.Time, time.Time, time.Duration) ([]prometheus.Series, error) {
	return func(_ string, start, end time.Time, step time.Duration) ([]prometheus.Series, error) {
		return []prometheus.Series{series(start, end, step, func(int) float64 { return v })}, nil
	}
}

func series(start, end time.Time, step time.Duration, v func(i int) float64) prometheus.Series {
	s := prometheus.Series{Labels: map[string]string{}}
	for i, t := 0, start; !t.After(end); i, t = i+1, t.Add(step) {
		s.Samples = append(s.Samples, prometheus.Sample{T: t, V: v(i)})
	}
	return s
}

var cat = catalog.Catalog{Services: []catalog.Service{
	{Name: "checkout", Selector: `service="checkout"`},
	{Name: "cart", Selector: `service="cart"`},
	{Name: "legacy", ErrorRateQuery: "legacy_errors", LatencyQuery: "legacy_p99"},
}}

var (
	to   = time.Date(2026, 11, 1, 12, 0, 0, 0, time.UTC)
	from = to.Add(-20 * time.Minute)
)

func TestSeveritiesFromQueries(t *testing.T) {
	f := &fake{answer: func(q string, start, end time.Time, step time.Duration) ([]prometheus.Series, error) {
		switch {
		case q == "legacy_errors": // two instances: the worst one counts
			return []prometheus.Series{
				series(start, end, step, func(int) float64 { return 0 }),
				series(start, end, step, func(i int) float64 { return 0.2 }),
			}, nil
		case q == "legacy_p99":
			return nil, nil // no series: no data, no breach
		case strings.Contains(q, "histogram_quantile") && strings.Contains(q, "checkout"):
			return constant(0.8)(q, start, end, step) // 800 ms p99 for 20 min
		}
		return constant(0)(q, start, end, step)
	}}
	res, err := Evaluate(context.Background(), f, cat, policy.Default(), Request{Services: []string{"checkout", "legacy", "checkout"}, From: from, To: to})
	if err != nil {
		t.Fatal(err)
	}
	// legacy's error rate justifies P2, checkout's latency P3; two services
	// breaching raise it to P1.
	if res.Severity != incident.P1 || res.Unavailable || len(res.Services) != 2 || strings.Join(res.Rules, ",") != "p2-multiple-services" {
		t.Fatalf("got %+v, want P1 by p2-multiple-services", res)
	}
	if res.Services[0].Service != "checkout" || res.Services[0].Severity != incident.P3 || res.Services[1].Severity != incident.P2 {
		t.Fatalf("per service: %+v", res.Services)
	}
	if got := res.Services[0].Signals[0].Query; got != cat.ErrorRateQuery(cat.Services[0]) {
		t.Errorf("checkout error-rate query %q, want the catalog's", got)
	}
	if f.peak.Load() > Concurrency {
		t.Errorf("%d queries in flight, want at most %d", f.peak.Load(), Concurrency)
	}
	if f.steps[0] != 4*time.Second {
		t.Errorf("step %s for a 20-minute window, want 4s (about %d points)", f.steps[0], TargetPoints)
	}
}

func TestToPoints(t *testing.T) {
	step := time.Second
	at := func(d time.Duration, v float64) prometheus.Sample { return prometheus.Sample{T: from.Add(d), V: v} }
	// NaN and +Inf are no data; off-grid and out-of-range samples are ignored.
	s1 := prometheus.Series{Samples: []prometheus.Sample{at(0, 1), at(step, math.NaN()), at(2*step, math.Inf(1)), at(1500*time.Millisecond, 9)}}
	s2 := prometheus.Series{Samples: []prometheus.Sample{at(0, 3), at(step, 2), at(10*step, 7)}}
	pts := toPoints([]prometheus.Series{s1, s2}, from, from.Add(3*step), step)
	want := []float64{3, 2, math.NaN(), math.NaN()}
	if len(pts) != len(want) {
		t.Fatalf("%d points, want %d", len(pts), len(want))
	}
	for i, p := range pts {
		if !p.T.Equal(from.Add(time.Duration(i)*step)) || (p.V != want[i] && !(math.IsNaN(p.V) && math.IsNaN(want[i]))) {
			t.Errorf("point %d = %+v, want %v", i, p, want[i])
		}
	}
}

// manyServices is a catalog of n services named s0…s(n-1).
func manyServices(n int) (catalog.Catalog, []string) {
	var c catalog.Catalog
	var names []string
	for i := range n {
		name := fmt.Sprintf("s%d", i)
		c.Services = append(c.Services, catalog.Service{Name: name, Selector: `service="` + name + `"`})
		names = append(names, name)
	}
	return c, names
}

func TestConcurrencyIsBounded(t *testing.T) {
	many, names := manyServices(10)
	f := &fake{answer: func(q string, s, e time.Time, st time.Duration) ([]prometheus.Series, error) {
		time.Sleep(20 * time.Millisecond) // keep queries overlapping
		return constant(0)(q, s, e, st)
	}}
	if _, err := Evaluate(context.Background(), f, many, policy.Default(), Request{Services: names, From: from, To: to, Step: time.Minute}); err != nil {
		t.Fatal(err)
	}
	if p := f.peak.Load(); p != Concurrency || len(f.queries) != 20 {
		t.Fatalf("peak %d in flight over %d queries, want %d over 20", p, len(f.queries), Concurrency)
	}
}

func TestFailuresAreUnavailable(t *testing.T) {
	down := &fake{answer: func(string, time.Time, time.Time, time.Duration) ([]prometheus.Series, error) {
		return nil, &prometheus.Error{Kind: prometheus.KindUnreachable, Message: "Prometheus at prom:9090 is unreachable: connection refused"}
	}}
	res, err := Evaluate(context.Background(), down, cat, policy.Default(), Request{Services: []string{"checkout"}, From: from, To: to})
	if err != nil {
		t.Fatal(err)
	}
	if !res.Unavailable || res.Severity != "" || !strings.Contains(res.Why, "prom:9090 is unreachable") {
		t.Fatalf("got %+v, want unavailable saying Prometheus is unreachable", res)
	}

	// One signal failing leaves the others to decide.
	half := &fake{answer: func(q string, s, e time.Time, st time.Duration) ([]prometheus.Series, error) {
		if strings.Contains(q, "histogram_quantile") {
			return nil, &prometheus.Error{Kind: prometheus.KindBadQuery, Message: "Prometheus rejected the query: parse error"}
		}
		return constant(0.3)(q, s, e, st)
	}}
	res, err = Evaluate(context.Background(), half, cat, policy.Default(), Request{Services: []string{"checkout"}, From: from, To: to})
	if err != nil || res.Unavailable || res.Severity != incident.P2 || res.Services[0].Signals[1].Unavailable == "" {
		t.Fatalf("got %+v, %v: want P2 with the latency signal unavailable", res, err)
	}
}

// hanging is a Prometheus that answers only when the caller gives up, as
// the real client does.
type hanging struct{ n atomic.Int32 }

func (h *hanging) QueryRange(ctx context.Context, _ string, _, _ time.Time, _ time.Duration) ([]prometheus.Series, error) {
	h.n.Add(1)
	<-ctx.Done()
	return nil, &prometheus.Error{Kind: prometheus.KindTimeout, Message: "Prometheus at prom:9090 did not answer before the request deadline"}
}

// A Prometheus that never answers costs the caller its deadline, no more,
// including the queries still waiting for a slot.
func TestRespectsContext(t *testing.T) {
	many, names := manyServices(20)
	hang := &hanging{}
	ctx, cancel := context.WithTimeout(context.Background(), 100*time.Millisecond)
	defer cancel()
	// hanging answers only when the context ends, so returning at all proves
	// every query, the waiting ones too, gave up at the deadline.
	res, err := Evaluate(ctx, hang, many, policy.Default(), Request{Services: names, From: from, To: to})
	if err != nil || !res.Unavailable || !strings.Contains(res.Why, "deadline") {
		t.Fatalf("got %+v, %v", res, err)
	}
	if n := hang.n.Load(); n != Concurrency {
		t.Errorf("%d queries sent, want only the first %d: the rest never got a slot", n, Concurrency)
	}
	cctx, ccancel := context.WithCancel(context.Background())
	ccancel()
	if _, err := Evaluate(cctx, hang, many, policy.Default(), Request{Services: names, From: from, To: to}); !errors.Is(err, context.Canceled) {
		t.Fatalf("cancelled: %v, want context.Canceled", err)
	}
}

func TestBadRequests(t *testing.T) {
	f := &fake{answer: constant(0)}
	for _, tc := range []struct {
		req  Request
		want string
	}{
		{Request{Services: []string{"checkout", "nope", "gone"}, From: from, To: to}, `"nope", "gone"`},
		{Request{From: from, To: to}, "at least one service"},
		{Request{Services: []string{"checkout"}, From: to, To: from}, "end after it starts"},
	} {
		if _, err := Evaluate(context.Background(), f, cat, policy.Default(), tc.req); err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%+v: err %v, want %q", tc.req, err, tc.want)
		}
	}
	if len(f.queries) != 0 {
		t.Errorf("bad requests sent %d queries", len(f.queries))
	}
}

func TestPlanKeepsSustainedBreachesVisible(t *testing.T) {
	to := time.Date(2026, 11, 29, 12, 0, 0, 0, time.UTC)
	for _, c := range []struct {
		window, sustained, want time.Duration
	}{
		{time.Hour, 5 * time.Minute, 12 * time.Second},
		{6 * time.Hour, 5 * time.Minute, 72 * time.Second},
		{6 * time.Hour, 10 * time.Second, 2 * time.Second},
		{24 * time.Hour, 5 * time.Minute, 75 * time.Second},
		{time.Minute, 5 * time.Minute, time.Second},
	} {
		wantFrom := to.Add(-min(c.window, MaxPoints*c.want))
		if from, got := Plan(to.Add(-c.window), to, c.sustained); got != c.want || !from.Equal(wantFrom) {
			t.Errorf("window %s sustained %s: step %s from %s, want %s from %s", c.window, c.sustained, got, from, c.want, wantFrom)
		}
	}
	// 31 days at a 2 s step would be 1.3 million points: the recent 10,000 are kept.
	from, step := Plan(to.Add(-31*24*time.Hour), to, 10*time.Second)
	if step != 2*time.Second || !from.Equal(to.Add(-MaxPoints*2*time.Second)) {
		t.Errorf("long window: step %s from %s", step, from)
	}
}
