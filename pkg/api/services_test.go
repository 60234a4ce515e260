package api_test

import (
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/warroom/warroom-incident-app/internal/testenv/synthetic"
	"github.com/warroom/warroom-incident-app/internal/testenv/testprom"
	"github.com/warroom/warroom-incident-app/pkg/api"
	"github.com/warroom/warroom-incident-app/pkg/api/apitest"
	"github.com/warroom/warroom-incident-app/pkg/incident"
	"github.com/warroom/warroom-incident-app/pkg/prometheus"
	"github.com/warroom/warroom-incident-app/pkg/servicemetrics"
)

// withFleet is the API over a real Prometheus scraping the synthetic fleet
// ("checkout" failing 25%, "idle" without traffic), for the set-up routes.
func withFleet(t *testing.T) *apitest.Server {
	t.Helper()
	exp := synthetic.New()
	if err := exp.SetProfile("checkout", synthetic.Profile{RPS: 20, ErrorRatio: 0.25, Latency: 80 * time.Millisecond}); err != nil {
		t.Fatal(err)
	}
	if err := exp.SetProfile("idle", synthetic.Profile{}); err != nil {
		t.Fatal(err)
	}
	fleet := httptest.NewServer(exp)
	t.Cleanup(fleet.Close)
	prom := testprom.Start(t, fleet.URL)
	testprom.WaitForSamples(t, prom, `http_requests_total{service="checkout",status="500"}`, 3)
	client, err := prometheus.New(prometheus.Config{URL: prom}, nil)
	if err != nil {
		t.Fatal(err)
	}
	return apitest.New(t, func(a *api.API) {
		a.Metrics = servicemetrics.Sources{Querier: client}
	})
}

func TestSetUpRoutesAgainstRealPrometheus(t *testing.T) {
	a := withFleet(t)

	t.Run("label names of the requests metric", func(t *testing.T) {
		r := a.Call(t, apitest.Admin, "GET", "/prometheus/labels", "")
		if r.Status != http.StatusOK || string(r.Body) != `{"labels":["instance","job","service","status"],"truncated":false}`+"\n" {
			t.Fatalf("%d %s", r.Status, r.Body)
		}
	})

	t.Run("values of a label", func(t *testing.T) {
		r := a.Call(t, apitest.Admin, "GET", "/prometheus/labels/service/values", "")
		if r.Status != http.StatusOK || string(r.Body) != `{"label":"service","values":["checkout","idle"],"truncated":false}`+"\n" {
			t.Fatalf("%d %s", r.Status, r.Body)
		}
		r = a.Call(t, apitest.Admin, "GET", "/prometheus/labels/9lives/values", "")
		if r.Status != http.StatusBadRequest || strings.Join(r.FieldPaths(t), ",") != "name" {
			t.Fatalf("not a label name: %d %s", r.Status, r.Body)
		}
	})

	t.Run("preview of a selector that matches", func(t *testing.T) {
		p := preview(t, a, `{"service":{"name":"checkout","selector":"service=\"checkout\""}}`)
		if len(p.Fields) != 0 || p.Reason != "" {
			t.Fatalf("warnings for a selector that matches: %+v %q", p.Fields, p.Reason)
		}
		if p.Thresholds.ErrorRateHigh <= 0 || p.Thresholds.LatencyP99Seconds <= 0 || p.StepMs != 15000 || p.To.Sub(p.From) != time.Hour {
			t.Fatalf("thresholds or window: %+v step %d %s–%s", p.Thresholds, p.StepMs, p.From, p.To)
		}
		for name, q := range map[string]graph{"error rate": p.Service.ErrorRate, "latency": p.Service.Latency} {
			if q.Error != "" || len(q.Series) != 1 || len(q.Series[0].Points) == 0 {
				t.Fatalf("%s: %+v, want one series", name, q)
			}
		}
	})

	t.Run("preview of a selector that matches nothing", func(t *testing.T) {
		p := preview(t, a, `{"service":{"name":"checkout","selector":"service=\"checkuot\""}}`)
		if len(p.Service.ErrorRate.Series) != 0 || len(p.Service.Latency.Series) != 0 {
			t.Fatalf("series for a selector that matches nothing: %+v", p.Service)
		}
		if len(p.Fields) != 1 || p.Fields[0].Path != "selector" || !strings.Contains(p.Fields[0].Message, `no series in Prometheus match {service="checkuot"} over the last hour`) {
			t.Fatalf("fields %+v, want the selector named", p.Fields)
		}
	})

	t.Run("preview of a custom query that Prometheus rejects", func(t *testing.T) {
		p := preview(t, a, `{"service":{"name":"checkout","selector":"service=\"checkout\"","latencyQuery":"histogram_quantile(0.99, foo bar)"}}`)
		if len(p.Fields) == 0 || p.Fields[0].Path != "latencyQuery" {
			t.Fatalf("fields %+v, want latencyQuery", p.Fields)
		}
	})

	t.Run("a service that is not valid is refused at its own fields", func(t *testing.T) {
		for body, want := range map[string]string{
			`{"service":{"name":"checkout","selector":"service="}}`:                                    "selector",
			`{"service":{"name":"checkout","selector":"job=\"a\"","aws":{"region":"mars"}}}`:           "aws.region",
			`{"service":{"name":"checkout","selector":"job=\"a\"","errorRateQuery":"sum(rate(x[5m]"}}`: "errorRateQuery",
			`{"service":{"name":"checkout","selector":7}}`:                                             "selector",
		} {
			r := a.Call(t, apitest.Admin, "POST", "/services/preview", body)
			if r.Status != http.StatusBadRequest || strings.Join(r.FieldPaths(t), ",") != want {
				t.Errorf("%s: %d %s, want 400 at %s", body, r.Status, r.Body, want)
			}
		}
	})
}

// Without Prometheus the preview says why and label discovery is refused
// with the same reason, never an empty list that looks like "no labels".
func TestSetUpRoutesWithoutPrometheus(t *testing.T) {
	const why = "Prometheus is not configured; an admin can set it on the Warroom configuration page"
	a := apitest.New(t, func(a *api.API) { a.Metrics = servicemetrics.Sources{Unconfigured: why} })
	p := preview(t, a, `{"service":{"name":"checkout","selector":"service=\"checkout\""}}`)
	if p.Reason != why || p.Service.ErrorRate.Series == nil || len(p.Fields) != 0 {
		t.Fatalf("preview %+v", p)
	}
	for _, path := range []string{"/prometheus/labels", "/prometheus/labels/service/values"} {
		r := a.Call(t, apitest.Admin, "GET", path, "")
		if r.Status != http.StatusConflict || r.ErrorCode(t) != "prometheus_unavailable" || r.Error(t).Message != why {
			t.Fatalf("%s: %d %s", path, r.Status, r.Body)
		}
	}
}

// previewBody is api.ServicePreview as the browser reads it (points are
// [ms, value] pairs).
type previewBody struct {
	From, To   time.Time
	StepMs     int64
	Thresholds api.Thresholds
	Service    struct{ ErrorRate, Latency graph }
	Fields     []incident.FieldError
	Reason     string
}

type graph struct {
	Error  string
	Series []struct{ Points [][2]*float64 }
}

func preview(t *testing.T, a *apitest.Server, body string) previewBody {
	t.Helper()
	r := a.Call(t, apitest.Admin, "POST", "/services/preview", body)
	if r.Status != http.StatusOK {
		t.Fatalf("preview: %d %s", r.Status, r.Body)
	}
	var p previewBody
	if err := json.Unmarshal(r.Body, &p); err != nil {
		t.Fatalf("preview: %v %s", err, r.Body)
	}
	return p
}
