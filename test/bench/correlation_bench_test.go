package bench

import (
	"context"
	"fmt"
	"net/http/httptest"
	"sync"
	"testing"
	"time"

	"github.com/warroom/warroom-incident-app/internal/testenv/synthetic"
	"github.com/warroom/warroom-incident-app/internal/testenv/testprom"
	"github.com/warroom/warroom-incident-app/pkg/catalog"
	"github.com/warroom/warroom-incident-app/pkg/policy"
	"github.com/warroom/warroom-incident-app/pkg/prometheus"
	"github.com/warroom/warroom-incident-app/pkg/servicemetrics"
)

// corrEnv is one real Prometheus scraping four synthetic services, and a
// fixed window both sides of the comparison query.
type corrEnv struct {
	client   *prometheus.Client
	cat      catalog.Catalog
	services []string
	from, to time.Time
}

func setupCorrelation(b *testing.B) *corrEnv {
	b.Helper()
	exp := synthetic.New()
	profiles := []synthetic.Profile{
		{RPS: 20, Latency: 50 * time.Millisecond},
		{RPS: 20, Latency: 800 * time.Millisecond},
		{RPS: 20, ErrorRatio: 0.2, Latency: 50 * time.Millisecond},
		{RPS: 50, ErrorRatio: 0.01, Latency: 300 * time.Millisecond},
	}
	e := &corrEnv{cat: catalog.Catalog{Queries: catalog.Queries{RateWindow: "5s"}}}
	for i, p := range profiles {
		name := fmt.Sprintf("svc-%d", i)
		if err := exp.SetProfile(name, p); err != nil {
			b.Fatal(err)
		}
		e.services = append(e.services, name)
		e.cat.Services = append(e.cat.Services, catalog.Service{Name: name, Selector: fmt.Sprintf("service=%q", name)})
	}
	srv := httptest.NewServer(exp)
	b.Cleanup(srv.Close)
	prom := testprom.Start(b, srv.URL)
	// About 20 s of scrapes; every iteration then reads the same 20 points.
	testprom.WaitForSamples(b, prom, e.cat.ErrorRateQuery(e.cat.Services[0]), 20)
	e.to = time.Now().Truncate(time.Second)
	e.from = e.to.Add(-20 * time.Second)
	c, err := prometheus.New(prometheus.Config{URL: prom}, nil)
	if err != nil {
		b.Fatal(err)
	}
	e.client = c
	return e
}

// raw issues the same eight queries servicemetrics.Evaluate does, with the same
// concurrency bound, and nothing else: the floor servicemetrics.Evaluate is held to.
func (e *corrEnv) raw(b *testing.B) {
	ctx := context.Background()
	var wg sync.WaitGroup
	sem := make(chan struct{}, servicemetrics.Concurrency)
	errs := make(chan error, 2*len(e.cat.Services))
	for _, s := range e.cat.Services {
		for _, q := range []string{e.cat.ErrorRateQuery(s), e.cat.LatencyQuery(s)} {
			wg.Go(func() {
				sem <- struct{}{}
				defer func() { <-sem }()
				if _, err := e.client.QueryRange(ctx, q, e.from, e.to, time.Second); err != nil {
					errs <- err
				}
			})
		}
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		b.Fatal(err)
	}
}

func (e *corrEnv) evaluate(b *testing.B) {
	res, err := servicemetrics.Evaluate(context.Background(), e.client, e.cat, policy.Default(),
		servicemetrics.Request{Services: e.services, From: e.from, To: e.to, Step: time.Second})
	if err != nil || res.Unavailable {
		b.Fatalf("evaluate: %v %s", err, res.Why)
	}
}

// BenchmarkCorrelation compares servicemetrics.Evaluate for four services with the
// raw Prometheus queries it wraps. The two are sub-benchmarks of one
// function so they share one Prometheus: a top-level benchmark runs its body
// (and cleanups) once per b.N round, which would restart Prometheus and wait
// for data each time. "paired" alternates both on every iteration and
// reports the p50 ratio, immune to drift between the two runs (the machine
// is shared, and Prometheus keeps ingesting while the benchmark runs).
// Run: go test -run '^$' -bench Correlation -count 1 ./test/bench/
func BenchmarkCorrelation(b *testing.B) {
	e := setupCorrelation(b)
	b.Run("RawQueryRange", func(b *testing.B) {
		for b.Loop() {
			e.raw(b)
		}
	})
	b.Run("SignalEvaluate", func(b *testing.B) {
		for b.Loop() {
			e.evaluate(b)
		}
	})
	b.Run("paired", func(b *testing.B) {
		rawT, sigT := make([]time.Duration, 0, b.N), make([]time.Duration, 0, b.N)
		for i := 0; b.Loop(); i++ {
			// Alternate which goes first: the second of the two runs the same
			// queries on a Prometheus whose caches the first just warmed.
			if i%2 == 0 {
				rawT, sigT = append(rawT, timed(func() { e.raw(b) })), append(sigT, timed(func() { e.evaluate(b) }))
			} else {
				sigT, rawT = append(sigT, timed(func() { e.evaluate(b) })), append(rawT, timed(func() { e.raw(b) }))
			}
		}
		b.ReportMetric(us(pct(rawT, 50)), "raw-p50-µs")
		b.ReportMetric(us(pct(sigT, 50)), "signal-p50-µs")
		b.ReportMetric(float64(pct(sigT, 50))/float64(pct(rawT, 50)), "p50-ratio")
		b.ReportMetric(float64(pct(sigT, 99))/float64(pct(rawT, 99)), "p99-ratio")
	})
}

func timed(f func()) time.Duration {
	t0 := time.Now()
	f()
	return time.Since(t0)
}
