package testprom

import (
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"net/url"
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

func instant(t *testing.T, prom, query string) float64 {
	t.Helper()
	resp, err := http.PostForm(prom+"/api/v1/query", url.Values{"query": {query}})
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
