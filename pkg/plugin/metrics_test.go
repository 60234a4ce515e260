package plugin

import (
	"net"
	"net/http"
	"strings"
	"testing"
	"time"
)

// deadURL is a loopback address where nothing listens.
func deadURL(t *testing.T) string {
	t.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := l.Addr().String()
	l.Close()
	return "http://" + addr
}

func TestSuggestionIsUnavailableWithAReasonAndDeclaringStillWorks(t *testing.T) {
	panel := `{"exprs":["sum(rate(http_requests_total{service=\"checkout\",status=~\"5..\"}[5m]))"],"from":"now-1h","to":"now"}`
	cases := []struct {
		name     string
		jsonData map[string]any
		reason   string
	}{
		{"no prometheus", map[string]any{"services": checkoutCatalog["services"]}, "Prometheus is not configured"},
		{"prometheus down", map[string]any{"services": checkoutCatalog["services"],
			"prometheus": map[string]string{"url": deadURL(t), "timeout": "500ms"}}, "unreachable"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			a := testAppWith(t, c.jsonData, nil)
			started := time.Now()
			r := call(t, a, editor, "POST", "/signals/evaluate", panel)
			if r.Status != http.StatusOK {
				t.Fatalf("evaluate: %d %s", r.Status, r.Body)
			}
			m := r.JSON(t)
			if !strings.Contains(strings.ToLower(m["reason"].(string)), strings.ToLower(c.reason)) {
				t.Fatalf("reason %q does not say %q", m["reason"], c.reason)
			}
			if got := m["services"].([]any); len(got) != 1 || got[0] != "checkout" {
				t.Fatalf("the panel's query names the catalogued service checkout; got %v", got)
			}
			if took := time.Since(started); took > 10*time.Second {
				t.Fatalf("an unreachable Prometheus held the suggestion for %s", took)
			}
			if r := call(t, a, editor, "POST", "/incidents", `{"title":"Checkout 5xx","severity":"P2","services":["checkout"]}`); r.Status != http.StatusCreated {
				t.Fatalf("declare while the suggestion is unavailable: %d %s", r.Status, r.Body)
			}
		})
	}
}

func TestSettingsAreValidatedBeforeSaving(t *testing.T) {
	a := testApp(t)
	bad := `{"jsonData":{"services":[{"name":"Checkout","selector":"service=checkout"}],"prometheus":{"url":"ftp://p"},"queries":{"rateWindow":"5 minutes"},"reevaluateEvery":"often"}}`
	r := call(t, a, admin, "POST", "/settings/validate", bad)
	for _, path := range []string{"services[0].name", "services[0].selector", "prometheus.url", "queries.rateWindow", "reevaluateEvery"} {
		if !strings.Contains(string(r.Body), `"path":"`+path+`"`) {
			t.Errorf("no error at %s: %s", path, r.Body)
		}
	}
	good := `{"jsonData":{"services":[{"name":"checkout","selector":"service=\"checkout\""}],"prometheus":{"url":"http://p:9090"}}}`
	if r := call(t, a, admin, "POST", "/settings/validate", good); r.Status != http.StatusOK {
		t.Fatalf("valid settings: %d %s", r.Status, r.Body)
	}
	if r := call(t, a, editor, "POST", "/settings/validate", good); r.Status != http.StatusForbidden {
		t.Fatalf("editor validate: %d", r.Status)
	}
}

// A bad catalog entry is reported by the health check but never stops incidents.
func TestBadCatalogIsReportedNotFatal(t *testing.T) {
	a := testAppWith(t, map[string]any{"services": []map[string]string{{"name": "Bad Name"}}}, nil)
	res, err := a.CheckHealth(t.Context(), nil)
	if err != nil || !strings.Contains(res.Message, "services[0].name") {
		t.Fatalf("health: %+v %v", res, err)
	}
	declare(t, a, editor, "still works")
}
