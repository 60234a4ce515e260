package servicemetrics_test

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"math"
	"net"
	"net/http"
	"net/http/httptest"
	"net/http/httputil"
	"net/url"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/warroom/warroom-incident-app/internal/testenv/synthetic"
	"github.com/warroom/warroom-incident-app/internal/testenv/testprom"
	"github.com/warroom/warroom-incident-app/pkg/catalog"
	"github.com/warroom/warroom-incident-app/pkg/correlation"
	"github.com/warroom/warroom-incident-app/pkg/incident"
	"github.com/warroom/warroom-incident-app/pkg/policy"
	"github.com/warroom/warroom-incident-app/pkg/prometheus"
	"github.com/warroom/warroom-incident-app/pkg/servicemetrics"
)

// sustained is the test policy's SustainedFor: short enough for a test,
// three times the rate window so a 5 s spike cannot pass for a breach.
const sustained = 15 * time.Second

var (
	healthy = synthetic.Profile{RPS: 20, Latency: 50 * time.Millisecond}
	slow    = synthetic.Profile{RPS: 20, Latency: 800 * time.Millisecond}
	failing = synthetic.Profile{RPS: 20, ErrorRatio: 0.2, Latency: 50 * time.Millisecond}
	spiking = synthetic.Profile{RPS: 20, ErrorRatio: 0.5, Latency: 2 * time.Second}
)

func testCatalog(names ...string) catalog.Catalog {
	c := catalog.Catalog{Queries: catalog.Queries{RateWindow: "5s"}}
	for _, n := range names {
		c.Services = append(c.Services, catalog.Service{Name: n, Selector: fmt.Sprintf("service=%q", n)})
	}
	return c
}

func testPolicy() policy.Policy {
	p := policy.Default()
	p.Thresholds.SustainedFor = policy.Duration(sustained)
	return p
}

// Every scenario runs at once on its own service against one exporter and
// one real Prometheus; only the spike is shaped over time.
func TestSeverityFromRealPrometheus(t *testing.T) {
	exp := synthetic.New()
	for name, p := range map[string]synthetic.Profile{"healthy": healthy, "slow": slow, "errors-a": failing, "errors-b": failing, "spike": healthy} {
		if err := exp.SetProfile(name, p); err != nil {
			t.Fatal(err)
		}
	}
	srv := httptest.NewServer(exp)
	t.Cleanup(srv.Close)
	prom := testprom.Start(t, srv.URL)
	cat := testCatalog("healthy", "slow", "errors-a", "errors-b", "spike")
	client, err := prometheus.New(prometheus.Config{URL: prom}, nil)
	if err != nil {
		t.Fatal(err)
	}
	spikeErrors := cat.ErrorRateQuery(cat.Services[4])

	// The spike starts from a healthy baseline Prometheus has seen, lasts
	// about 5 s of wall time (this sleep shapes the input; it asserts
	// nothing), and must be over in Prometheus' eyes before we evaluate.
	testprom.WaitForSamples(t, prom, spikeErrors, 3)
	setProfile(t, exp, "spike", spiking)
	time.Sleep(5 * time.Second)
	setProfile(t, exp, "spike", healthy)
	// The failing services need a breach longer than sustained inside the
	// window; by then the spike (5 s + the 5 s rate window) has long ended.
	testprom.WaitForSamples(t, prom, cat.ErrorRateQuery(cat.Services[2]), int(sustained/time.Second)+8)
	waitUntilZero(t, client, spikeErrors)

	now := time.Now()
	eval := func(names ...string) correlation.Result {
		t.Helper()
		ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
		defer cancel()
		res, err := servicemetrics.Evaluate(ctx, client, cat, testPolicy(),
			servicemetrics.Request{Services: names, From: now.Add(-40 * time.Second), To: now, Step: time.Second})
		if err != nil {
			t.Fatal(err)
		}
		if res.Unavailable {
			t.Fatalf("%v: unavailable: %s", names, res.Why)
		}
		return res
	}
	cases := []struct {
		services []string
		want     incident.Severity
		rule     string
	}{
		{[]string{"healthy"}, "", ""},
		{[]string{"slow"}, incident.P3, ""},
		{[]string{"errors-a"}, incident.P2, ""},
		{[]string{"errors-a", "errors-b"}, incident.P1, "p2-multiple-services"},
		{[]string{"spike"}, "", ""},
	}
	for _, tc := range cases {
		res := eval(tc.services...)
		t.Logf("%v → %q: %s", tc.services, res.Severity, strings.Join(res.Reasons, " | "))
		if res.Severity != tc.want || (tc.rule != "" && !slices.Contains(res.Rules, tc.rule)) {
			t.Errorf("%v: severity %q rules %v, want %q %s; reasons: %s", tc.services, res.Severity, res.Rules, tc.want, tc.rule, strings.Join(res.Reasons, " | "))
		}
	}
	// The spike was seen, and judged too short: not an escalation.
	spike := eval("spike").Services[0]
	if er := spike.Signals[0]; er.Observed < 0.05 || er.Sustained {
		t.Errorf("spike error rate: observed %.3f sustained %v, want a peak above 5%% that is not sustained", er.Observed, er.Sustained)
	}

	t.Run("nothing listening", func(t *testing.T) {
		l, err := net.Listen("tcp", "127.0.0.1:0")
		if err != nil {
			t.Fatal(err)
		}
		addr := l.Addr().String()
		l.Close()
		down, _ := prometheus.New(prometheus.Config{URL: "http://" + addr}, nil)
		res := unavailable(t, down, cat, 5*time.Second)
		if !strings.Contains(res.Why, "Prometheus at "+addr+" is unreachable") {
			t.Errorf("Why = %q, want it to say Prometheus is unreachable", res.Why)
		}
	})
	t.Run("slower than the timeout", func(t *testing.T) {
		slowProm := delayed(t, prom, 3*time.Second)
		c, _ := prometheus.New(prometheus.Config{URL: slowProm, Timeout: 300 * time.Millisecond}, nil)
		if res := unavailable(t, c, cat, 5*time.Second); !strings.Contains(res.Why, "did not answer within 300ms") {
			t.Errorf("Why = %q, want a timeout", res.Why)
		}
		c, _ = prometheus.New(prometheus.Config{URL: slowProm}, nil) // 10s per attempt: the caller's deadline comes first
		if res := unavailable(t, c, cat, 500*time.Millisecond); !strings.Contains(res.Why, "deadline") {
			t.Errorf("Why = %q, want the request deadline", res.Why)
		}
	})
}

// unavailable evaluates every service under a deadline and checks the
// result says unavailable, in time.
func unavailable(t *testing.T, q servicemetrics.Querier, cat catalog.Catalog, deadline time.Duration) correlation.Result {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), deadline)
	defer cancel()
	start := time.Now()
	res, err := servicemetrics.Evaluate(ctx, q, cat, testPolicy(), servicemetrics.Request{Services: []string{"errors-a", "errors-b"}, From: start.Add(-time.Minute), To: start})
	// The slow Prometheus takes 10 s an attempt: 4 s of slack proves the
	// deadline held, and no load on the machine reaches it.
	if el := time.Since(start); el > deadline+4*time.Second {
		t.Errorf("took %s with a %s deadline", el, deadline)
	}
	if err != nil || !res.Unavailable || res.Severity != "" {
		t.Fatalf("got %+v, %v: want an unavailable result", res, err)
	}
	return res
}

// delayed is prom behind a proxy that holds every answer for d.
func delayed(t *testing.T, prom string, d time.Duration) string {
	u, _ := url.Parse(prom)
	rp := httputil.NewSingleHostReverseProxy(u)
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		// net/http notices a client that gave up only once the body is read.
		body, err := io.ReadAll(r.Body)
		if err != nil {
			return
		}
		r.Body = io.NopCloser(bytes.NewReader(body))
		select {
		case <-time.After(d):
			rp.ServeHTTP(w, r)
		case <-r.Context().Done():
		}
	}))
	t.Cleanup(srv.Close)
	return srv.URL
}

func setProfile(t *testing.T, exp *synthetic.Exporter, name string, p synthetic.Profile) {
	t.Helper()
	if err := exp.SetProfile(name, p); err != nil {
		t.Fatal(err)
	}
}

// waitUntilZero polls until the latest value of query is 0.
func waitUntilZero(t *testing.T, c *prometheus.Client, query string) {
	t.Helper()
	deadline := time.Now().Add(30 * time.Second)
	last := math.NaN()
	for time.Now().Before(deadline) {
		end := time.Now()
		series, err := c.QueryRange(context.Background(), query, end.Add(-2*time.Second), end, time.Second)
		if err == nil && len(series) == 1 && len(series[0].Samples) > 0 {
			if last = series[0].Samples[len(series[0].Samples)-1].V; last == 0 {
				return
			}
		}
		time.Sleep(200 * time.Millisecond)
	}
	t.Fatalf("%s still %v after 30s", query, last)
}
