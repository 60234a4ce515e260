package synthetic

import (
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"
)

// clock is a test clock advanced by hand.
type clock struct {
	mu sync.Mutex
	t  time.Time
}

func (c *clock) now() time.Time      { c.mu.Lock(); defer c.mu.Unlock(); return c.t }
func (c *clock) add(d time.Duration) { c.mu.Lock(); c.t = c.t.Add(d); c.mu.Unlock() }
func metricsOf(t *testing.T, e *Exporter) string {
	t.Helper()
	var b strings.Builder
	if err := e.WriteMetrics(&b); err != nil {
		t.Fatal(err)
	}
	return b.String()
}

func wantLines(t *testing.T, text string, lines ...string) {
	t.Helper()
	for _, l := range lines {
		if !strings.Contains(text, "\n"+l+"\n") {
			t.Errorf("metrics lack line %q:\n%s", l, text)
		}
	}
}

// Counters follow elapsed time × profile, and a profile change only affects
// traffic after it.
func TestCountersFollowProfiles(t *testing.T) {
	c := &clock{t: time.Unix(1_700_000_000, 0)}
	e := NewWithClock(c.now)
	if err := e.SetProfile("checkout", Profile{RPS: 10, ErrorRatio: 0.2, Latency: 800 * time.Millisecond}); err != nil {
		t.Fatal(err)
	}
	if err := e.SetProfile("cart", Profile{RPS: 4, Latency: 50 * time.Millisecond}); err != nil {
		t.Fatal(err)
	}
	wantLines(t, metricsOf(t, e), `http_requests_total{service="checkout",status="500"} 0`)
	c.add(10 * time.Second)
	wantLines(t, metricsOf(t, e),
		`http_requests_total{service="checkout",status="200"} 80`,
		`http_requests_total{service="checkout",status="500"} 20`,
		`http_request_duration_seconds_bucket{service="checkout",le="0.5"} 0`,
		`http_request_duration_seconds_bucket{service="checkout",le="1"} 100`,
		`http_request_duration_seconds_bucket{service="checkout",le="+Inf"} 100`,
		`http_request_duration_seconds_sum{service="checkout"} 80`,
		`http_request_duration_seconds_count{service="checkout"} 100`,
		`http_requests_total{service="cart",status="500"} 0`,
		`http_request_duration_seconds_bucket{service="cart",le="0.05"} 40`,
		`http_request_duration_seconds_bucket{service="cart",le="0.025"} 0`,
	)
	if err := e.SetProfile("checkout", Profile{RPS: 10, Latency: 100 * time.Millisecond}); err != nil {
		t.Fatal(err)
	}
	c.add(5 * time.Second)
	wantLines(t, metricsOf(t, e),
		`http_requests_total{service="checkout",status="200"} 130`,
		`http_requests_total{service="checkout",status="500"} 20`,
		`http_request_duration_seconds_bucket{service="checkout",le="0.1"} 50`,
		`http_request_duration_seconds_bucket{service="checkout",le="1"} 150`,
	)
}

func TestControlEndpoint(t *testing.T) {
	e := New()
	srv := httptest.NewServer(e)
	defer srv.Close()
	post := func(svc, body string) (int, string) {
		resp, err := http.Post(srv.URL+"/control/"+svc, "application/json", strings.NewReader(body))
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		b, _ := io.ReadAll(resp.Body)
		if resp.Header.Get("Access-Control-Allow-Origin") != "*" {
			t.Errorf("no CORS header: a browser script on another port could not read the answer")
		}
		return resp.StatusCode, string(b)
	}
	if code, body := post("checkout", `{"rps":20,"errorRatio":0.2,"latency":"800ms"}`); code != 200 || !strings.Contains(body, `"latency":"800ms"`) {
		t.Fatalf("valid profile: %d %s", code, body)
	}
	if got := e.Profiles()["checkout"]; got != (Profile{RPS: 20, ErrorRatio: 0.2, Latency: 800 * time.Millisecond}) {
		t.Fatalf("profile not applied: %+v", got)
	}
	for _, bad := range []string{`{"latency":800}`, `{"latencyMs":"800ms"}`, `{"errorRatio":1.5}`, `{"rps":-1}`, `not json`} {
		if code, body := post("checkout", bad); code != 400 || !strings.Contains(body, "error") {
			t.Errorf("%s: got %d %s, want 400 with an error", bad, code, body)
		}
	}
	if code, _ := post("bad%20name", `{"rps":1}`); code != 400 {
		t.Errorf("service name with a space accepted")
	}
	resp, err := http.Get(srv.URL + "/control")
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	var all map[string]Profile
	if err := json.NewDecoder(resp.Body).Decode(&all); err != nil || all["checkout"].RPS != 20 {
		t.Fatalf("GET /control = %v, %v", all, err)
	}
	resp, err = http.Get(srv.URL + "/metrics")
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	if ct := resp.Header.Get("Content-Type"); !strings.HasPrefix(ct, "text/plain; version=0.0.4") {
		t.Errorf("Content-Type %q: Prometheus wants the text format", ct)
	}
}

func TestParseProfileFlag(t *testing.T) {
	name, p, err := ParseProfileFlag("checkout=20,0.2,800ms")
	if err != nil || name != "checkout" || p != (Profile{20, 0.2, 800 * time.Millisecond}) {
		t.Fatalf("got %q %+v %v", name, p, err)
	}
	for _, bad := range []string{"checkout", "checkout=20,0.2", "checkout=x,0,1s", "checkout=1,2,1s", "=1,0,1s", "a b=1,0,1s"} {
		if _, _, err := ParseProfileFlag(bad); err == nil {
			t.Errorf("%q accepted", bad)
		}
	}
}

// A backfilled service's history follows its schedule, ends at now, and the
// live counters carry on from it (no counter reset between the two).
func TestBackfillContinuesLive(t *testing.T) {
	start := time.Unix(1_700_000_000, 0)
	c := &clock{t: start.Add(time.Minute)}
	e := NewWithClock(c.now)
	onset := start.Add(30 * time.Second)
	sched := func(at time.Time) Profile {
		if at.Before(onset) {
			return Profile{RPS: 10, Latency: 50 * time.Millisecond}
		}
		return Profile{RPS: 10, ErrorRatio: 0.5, Latency: 800 * time.Millisecond}
	}
	var b strings.Builder
	if err := e.Backfill(&b, map[string]Schedule{"checkout-api": sched}, start, 15*time.Second); err != nil {
		t.Fatal(err)
	}
	text := "\n" + b.String()
	wantLines(t, text,
		`# TYPE http_requests counter`,
		`http_requests_total{service="checkout-api",status="500"} 0 1700000030.000`,
		`http_requests_total{service="checkout-api",status="500"} 75 1700000045.000`,
		`http_requests_total{service="checkout-api",status="500"} 150 1700000060.000`,
		`http_request_duration_seconds_bucket{service="checkout-api",le="0.05"} 300 1700000060.000`,
		`http_request_duration_seconds_count{service="checkout-api"} 600 1700000060.000`,
		`# EOF`,
	)
	if strings.Index(text, "# TYPE http_request_duration_seconds histogram") < strings.LastIndex(text, "http_requests_total") {
		t.Error("counter samples after the histogram family: OpenMetrics wants each family in one block")
	}
	c.add(10 * time.Second)
	wantLines(t, metricsOf(t, e),
		`http_requests_total{service="checkout-api",status="500"} 200`,
		`http_request_duration_seconds_bucket{service="checkout-api",le="1"} 700`,
	)
	if err := e.Backfill(io.Discard, map[string]Schedule{"checkout-api": sched}, start, time.Second); err == nil {
		t.Error("a second backfill of a live service was accepted")
	}
}

// A history that ends less than a millisecond after its last step has no
// repeated timestamp (promtool refuses "duplicate sample for timestamp").
func TestBackfillNeverRepeatsATimestamp(t *testing.T) {
	start := time.Unix(1_700_000_000, 0)
	c := &clock{t: start.Add(time.Minute + 300*time.Microsecond)}
	e := NewWithClock(c.now)
	var b strings.Builder
	if err := e.Backfill(&b, map[string]Schedule{"a": func(time.Time) Profile { return Profile{RPS: 1} }}, start, 30*time.Second); err != nil {
		t.Fatal(err)
	}
	seen := map[string]bool{}
	for _, l := range strings.Split(b.String(), "\n") {
		if strings.HasPrefix(l, `http_requests_total{service="a",status="200"}`) {
			f := strings.Fields(l)
			if ts := f[len(f)-1]; seen[ts] {
				t.Errorf("timestamp %s written twice", ts)
			} else {
				seen[ts] = true
			}
		}
	}
	if len(seen) != 2 {
		t.Errorf("%d samples, want 2 (at 30 s and 60 s):\n%s", len(seen), b.String())
	}
}
