package prometheus_test

import (
	"context"
	"errors"
	"math"
	"net/http"
	"net/http/httptest"
	"net/http/httputil"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/warroom/warroom-incident-app/internal/testenv/synthetic"
	"github.com/warroom/warroom-incident-app/internal/testenv/testprom"
	"github.com/warroom/warroom-incident-app/pkg/prometheus"
)

// Against the real Prometheus 2.42 scraping the synthetic exporter: what the
// client sends is what Prometheus accepts, and what it answers parses.
func TestAgainstRealPrometheus(t *testing.T) {
	exp := synthetic.New()
	must(t, exp.SetProfile("checkout", synthetic.Profile{RPS: 20, ErrorRatio: 0.25, Latency: 50 * time.Millisecond}))
	must(t, exp.SetProfile("idle", synthetic.Profile{}))
	srv := httptest.NewServer(exp)
	t.Cleanup(srv.Close)
	prom := testprom.Start(t, srv.URL)
	const ratio = `sum(rate(http_requests_total{service="checkout",status=~"5.."}[5s])) / sum(rate(http_requests_total{service="checkout"}[5s]))`
	testprom.WaitForSamples(t, prom, ratio, 8)

	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()
	c, err := prometheus.New(prometheus.Config{URL: prom}, nil)
	must(t, err)
	must(t, c.Ready(ctx))
	end := time.Now()
	got, err := c.QueryRange(ctx, ratio, end.Add(-5*time.Second), end, time.Second)
	must(t, err)
	if len(got) != 1 || len(got[0].Samples) < 5 {
		t.Fatalf("got %+v, want one series of about 6 samples", got)
	}
	for _, s := range got[0].Samples {
		if math.Abs(s.V-0.25) > 0.02 || s.T.Before(end.Add(-6*time.Second)) || s.T.After(end) {
			t.Errorf("sample %+v: want 0.25 within the range", s)
		}
	}

	// 0/0 for a service with no traffic comes back as NaN, not an error.
	idle, err := c.QueryRange(ctx, strings.ReplaceAll(ratio, "checkout", "idle"), end.Add(-5*time.Second), end, time.Second)
	must(t, err)
	if len(idle) != 1 || len(idle[0].Samples) == 0 || !math.IsNaN(idle[0].Samples[0].V) {
		t.Fatalf("idle service: %+v, want NaN samples", idle)
	}

	_, err = c.QueryRange(ctx, `sum(rate(http_requests_total[5m])`, end.Add(-time.Minute), end, time.Second)
	var pe *prometheus.Error
	if !errors.As(err, &pe) || pe.Kind != prometheus.KindBadQuery || !strings.Contains(pe.Message, "parse error") {
		t.Fatalf("unbalanced query: %v, want bad_query with Prometheus' parse error", err)
	}

	t.Run("label discovery", func(t *testing.T) {
		checkLabels(t, c, end)
	})

	t.Run("through a Grafana-style data source proxy", func(t *testing.T) {
		const token = "glsa_test_token_1234"
		target, _ := url.Parse(prom)
		rp := httputil.NewSingleHostReverseProxy(target)
		const prefix = "/api/datasources/proxy/uid/prom-main"
		gf := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			if r.Header.Get("Authorization") != "Bearer "+token {
				http.Error(w, `{"message":"invalid API key"}`, http.StatusUnauthorized)
				return
			}
			if !strings.HasPrefix(r.URL.Path, prefix+"/") {
				http.NotFound(w, r)
				return
			}
			r.URL.Path = strings.TrimPrefix(r.URL.Path, prefix)
			rp.ServeHTTP(w, r)
		}))
		t.Cleanup(gf.Close)
		gc, err := prometheus.New(prometheus.Config{GrafanaURL: gf.URL, DatasourceUID: "prom-main", ServiceAccountToken: token}, nil)
		must(t, err)
		must(t, gc.Ready(ctx))
		if s, err := gc.QueryRange(ctx, ratio, end.Add(-5*time.Second), end, time.Second); err != nil || len(s) != 1 {
			t.Fatalf("through Grafana: %v %v", s, err)
		}
		checkLabels(t, gc, end)
		bad, err := prometheus.New(prometheus.Config{GrafanaURL: gf.URL, DatasourceUID: "prom-main", ServiceAccountToken: "glsa_wrong_token"}, nil)
		must(t, err)
		_, err = bad.QueryRange(ctx, ratio, end.Add(-5*time.Second), end, time.Second)
		if !errors.As(err, &pe) || pe.Kind != prometheus.KindUnauthorized || strings.Contains(pe.Message, "glsa_wrong_token") {
			t.Fatalf("wrong token: %v", err)
		}
	})
}

// checkLabels: names and values of the exporter's request counter, sorted
// and bounded, as label discovery shows them.
func checkLabels(t *testing.T, c *prometheus.Client, end time.Time) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()
	start := end.Add(-time.Hour)
	names, err := c.LabelNames(ctx, "http_requests_total", start, end, 500)
	must(t, err)
	if got := strings.Join(names.Items, ","); got != "instance,job,service,status" || names.Truncated {
		t.Fatalf("label names %q truncated=%v, want instance,job,service,status", got, names.Truncated)
	}
	if few, err := c.LabelNames(ctx, "http_requests_total", start, end, 2); err != nil || strings.Join(few.Items, ",") != "instance,job" || !few.Truncated {
		t.Fatalf("two label names: %+v %v, want instance,job truncated", few, err)
	}
	values, err := c.LabelValues(ctx, "service", "http_requests_total", start, end, 1000)
	must(t, err)
	if got := strings.Join(values.Items, ","); got != "checkout,idle" || values.Truncated {
		t.Fatalf("service values %q truncated=%v, want checkout,idle", got, values.Truncated)
	}
	if one, err := c.LabelValues(ctx, "service", "http_requests_total", start, end, 1); err != nil || strings.Join(one.Items, ",") != "checkout" || !one.Truncated {
		t.Fatalf("one service value: %+v %v, want checkout truncated", one, err)
	}
	none, err := c.LabelValues(ctx, "service", "no_such_metric", start, end, 1000)
	if err != nil || len(none.Items) != 0 || none.Items == nil {
		t.Fatalf("values of a metric with no series: %+v %v, want an empty list", none, err)
	}
	var pe *prometheus.Error
	if _, err := c.LabelValues(ctx, "../query", "http_requests_total", start, end, 10); !errors.As(err, &pe) || pe.Kind != prometheus.KindBadQuery {
		t.Fatalf("a path as label name: %v, want bad_query before any request", err)
	}
}

func must(t *testing.T, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}
