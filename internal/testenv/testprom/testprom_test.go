package testprom

import (
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/warroom/warroom-incident-app/internal/testenv/synthetic"
)

// The real Prometheus scrapes the synthetic exporter every second, and the
// rate it computes is the profile's RPS: the exporter's text format and
// counters are what Prometheus expects.
func TestPrometheusScrapesSyntheticExporter(t *testing.T) {
	exp := synthetic.New()
	if err := exp.SetProfile("checkout", synthetic.Profile{RPS: 50, ErrorRatio: 0.1, Latency: 800 * time.Millisecond}); err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(exp)
	t.Cleanup(srv.Close)
	prom := Start(t, srv.URL)

	const rate = `sum(rate(http_requests_total{service="checkout"}[5s]))`
	// Until the 5s window is full of scrapes, rate() extrapolates from a
	// partial window and reads low: wait for a few full windows.
	WaitForSamples(t, prom, rate, 8)
	got := instant(t, prom, rate)
	if got < 45 || got > 55 {
		t.Errorf("Prometheus sees %.1f requests/s, want 50", got)
	}
	ratio := instant(t, prom, `sum(rate(http_requests_total{service="checkout",status="500"}[5s])) / `+rate)
	if ratio < 0.09 || ratio > 0.11 {
		t.Errorf("error ratio %.3f, want 0.1", ratio)
	}
	p99 := instant(t, prom, `histogram_quantile(0.99, sum by (le) (rate(http_request_duration_seconds_bucket{service="checkout"}[5s])))`)
	if p99 <= 0.5 || p99 > 1 {
		t.Errorf("p99 %.3fs, want in the 0.5–1s bucket of an 800ms profile", p99)
	}
}

// A backfilled past is in Prometheus when it starts, and the live scrapes
// carry the same counters on: the error ratio an hour ago is the history's,
// the one now the live profile's, and no counter reset lies between.
func TestHistoryThenLiveScrapes(t *testing.T) {
	exp := synthetic.New()
	now := time.Now()
	onset := now.Add(-20 * time.Minute)
	sched := func(at time.Time) synthetic.Profile {
		if at.Before(onset) {
			return synthetic.Profile{RPS: 20, ErrorRatio: 0.01, Latency: 50 * time.Millisecond}
		}
		return synthetic.Profile{RPS: 20, ErrorRatio: 0.4, Latency: 50 * time.Millisecond}
	}
	history := filepath.Join(t.TempDir(), "history.om")
	f, err := os.Create(history)
	if err != nil {
		t.Fatal(err)
	}
	if err := exp.Backfill(f, map[string]synthetic.Schedule{"checkout-api": sched}, now.Add(-2*time.Hour), 30*time.Second); err != nil {
		t.Fatal(err)
	}
	f.Close()
	srv := httptest.NewServer(exp)
	t.Cleanup(srv.Close)
	prom, err := RunWithHistory(t.TempDir(), history, Job{Name: "synthetic", Target: srv.URL})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(prom.Stop)

	const ratio = `sum(rate(http_requests_total{service="checkout-api",status="500"}[5m])) / sum(rate(http_requests_total{service="checkout-api"}[5m]))`
	if got := instantAt(t, prom.URL, ratio, now.Add(-time.Hour)); got < 0.009 || got > 0.011 {
		t.Errorf("error ratio an hour ago %.3f, want the history's 0.01", got)
	}
	// Live scrapes come every second, the history every 30 s: wait for 5 s of scrapes.
	WaitForSamples(t, prom.URL, `count_over_time(http_requests_total{service="checkout-api",status="200"}[2s]) > 1`, 5)
	if got := instant(t, prom.URL, ratio); got < 0.39 || got > 0.41 {
		t.Errorf("error ratio now %.3f, want the live 0.4", got)
	}
	if got := instant(t, prom.URL, `sum(resets(http_requests_total{service="checkout-api"}[3h]))`); got != 0 {
		t.Errorf("%v counter resets between history and live scrapes", got)
	}
}

func instant(t *testing.T, prom, query string) float64 {
	t.Helper()
	return instantAt(t, prom, query, time.Time{})
}

func instantAt(t *testing.T, prom, query string, at time.Time) float64 {
	t.Helper()
	form := url.Values{"query": {query}}
	if !at.IsZero() {
		form.Set("time", strconv.FormatInt(at.Unix(), 10))
	}
	resp, err := http.PostForm(prom+"/api/v1/query", form)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	var body struct {
		Data struct {
			Result []struct {
				Value [2]any `json:"value"`
			} `json:"result"`
		} `json:"data"`
	}
	if err := json.NewDecoder(resp.Body).Decode(&body); err != nil || len(body.Data.Result) != 1 {
		t.Fatalf("%s: %d results, %v", query, len(body.Data.Result), err)
	}
	v, err := strconv.ParseFloat(body.Data.Result[0].Value[1].(string), 64)
	if err != nil {
		t.Fatal(err)
	}
	return v
}

func TestConfigTargets(t *testing.T) {
	jobs := []Job{{"node", "127.0.0.1:9100"}, {"custom", "https://10.0.0.1:8443/custom/metrics"}, {"prometheus", Itself}}
	cfg, err := config(jobs, "127.0.0.1:9090")
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"scrape_interval: 1s", `job_name: "node"`, `targets: ["127.0.0.1:9100"]`, `metrics_path: "/custom/metrics"`, "scheme: https",
		`job_name: "prometheus"`, `targets: ["127.0.0.1:9090"]`} {
		if !strings.Contains(cfg, want) {
			t.Errorf("config lacks %q:\n%s", want, cfg)
		}
	}
	if _, err := config([]Job{{"x", "no-port"}}, "127.0.0.1:9090"); err == nil {
		t.Error("a target without a port was accepted")
	}
}
