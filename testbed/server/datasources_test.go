package main

import (
	"net/http"
	"net/http/httptest"
	"testing"
)

func TestPrometheusProxy(t *testing.T) {
	var seen *http.Request
	prom := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		seen = r.Clone(r.Context())
		http.SetCookie(w, &http.Cookie{Name: "prom", Value: "1"})
		w.Header().Set("Content-Type", "application/json")
		_, _ = w.Write([]byte(`{"status":"success","data":{"resultType":"vector","result":[]}}`))
	}))
	defer prom.Close()
	tb := newTestBed(t, false, prom.URL+"/prom")
	serviceAccounts["x"] = identity{Role: "Viewer", OrgID: 1, Login: "sa-1-warroom"}
	t.Cleanup(func() { delete(serviceAccounts, "x") })

	resp, body := tb.do(t, "Viewer:1:v", "GET", "/api/datasources/proxy/uid/prometheus/api/v1/query?query=up", "",
		"Authorization", "Bearer x", "X-Grafana-Org-Id", "1")
	wantStatus(t, resp, body, http.StatusOK)
	if seen.URL.Path != "/prom/api/v1/query" || seen.URL.Query().Get("query") != "up" {
		t.Fatalf("upstream got %s", seen.URL)
	}
	if seen.Header.Get("Cookie") != "" || seen.Header.Get("Authorization") != "" || seen.Header.Get("X-Grafana-Org-Id") != "" {
		t.Fatalf("identity headers reached Prometheus: %v", seen.Header)
	}
	if resp.Header.Get("Set-Cookie") != "" || resp.Header.Get("Content-Security-Policy") != "sandbox" {
		t.Fatalf("response headers %v", resp.Header)
	}

	resp, body = tb.do(t, "Viewer:1:v", "POST", "/api/datasources/proxy/uid/prometheus/api/v1/query_range", "query=up")
	wantStatus(t, resp, body, http.StatusOK)
	for _, m := range []string{"POST", "PUT", "DELETE"} {
		resp, body = tb.do(t, "Admin:1:a", m, "/api/datasources/proxy/uid/prometheus/api/v1/admin/tsdb/delete_series", "")
		wantStatus(t, resp, body, http.StatusForbidden)
	}
	resp, body = tb.do(t, "None:1:n", "GET", "/api/datasources/proxy/uid/prometheus/api/v1/query", "")
	wantStatus(t, resp, body, http.StatusForbidden)
	resp, body = tb.do(t, "", "GET", "/api/datasources/proxy/uid/loki/x", "")
	wantStatus(t, resp, body, http.StatusNotFound)

	resp, body = tb.do(t, "", "GET", "/api/datasources/uid/prometheus", "")
	wantStatus(t, resp, body, http.StatusOK)
	if m := decode[map[string]any](t, body); m["uid"] != "prometheus" || m["type"] != "prometheus" || m["access"] != "proxy" {
		t.Fatalf("%s", body)
	}
	resp, body = tb.do(t, "", "GET", "/api/datasources", "")
	wantStatus(t, resp, body, http.StatusOK)
	if l := decode[[]map[string]any](t, body); len(l) != 1 {
		t.Fatalf("%s", body)
	}
}

func TestNoPrometheusConfigured(t *testing.T) {
	tb := newTestBed(t, false, "")
	resp, body := tb.do(t, "", "GET", "/api/datasources/uid/prometheus", "")
	wantStatus(t, resp, body, http.StatusNotFound)
	resp, body = tb.do(t, "", "GET", "/api/datasources/proxy/uid/prometheus/api/v1/query", "")
	wantStatus(t, resp, body, http.StatusNotFound)
	if _, err := parsePrometheusURL("ftp://x"); err == nil {
		t.Fatal("ftp URL accepted")
	}
}
