package main

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/warroom/warroom-incident-app/testbed/grafanahost"
)

// The nested data source through the test bed's Grafana routes, with the
// real gpx_warroom built from ./pkg and started as Grafana starts a nested
// plugin: from dist/datasource/plugin.json's "../gpx_warroom".
func TestIncidentsDataSourceRoutes(t *testing.T) {
	tb := newTestBed(t, false, "")
	root, err := grafanahost.ModuleRoot(".")
	if err != nil {
		t.Fatal(err)
	}
	// newTestBed leaves a placeholder where the app's binary goes; the real one replaces it.
	if err := os.Remove(filepath.Join(tb.dist, grafanahost.ExecutableName("gpx_warroom"))); err != nil {
		t.Fatal(err)
	}
	if _, err := grafanahost.Build(root, "./pkg", tb.dist, "gpx_warroom"); err != nil {
		t.Fatal(err)
	}
	if err := os.MkdirAll(filepath.Join(tb.dist, "datasource"), 0o755); err != nil {
		t.Fatal(err)
	}
	write(t, filepath.Join(tb.dist, "datasource", "plugin.json"), `{"id": "warroom-incidents-datasource", "type": "datasource",
		"name": "Warroom incidents", "info": {"version": "1.0.0", "logos": {"small": "../img/logo.svg"}}, "backend": true, "executable": "../gpx_warroom", "metrics": true, "annotations": true}`)
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	m, err := tb.s.startIncidentsDS(ctx)
	if err != nil || m == nil {
		t.Fatalf("start: %v %v", m, err)
	}
	t.Cleanup(m.Stop)

	query := func(ident, body string) (int, string) {
		resp, b := tb.do(t, ident, "POST", "/api/ds/query?ds_type=warroom-incidents-datasource", body)
		return resp.StatusCode, string(b)
	}
	ok := `{"from":"1764400000000","to":"1764403600000","queries":[{"refId":"A","queryType":"incidents",
		"datasource":{"uid":"warroom-incidents","type":"warroom-incidents-datasource"}}]}`
	cases := []struct {
		name, ident, body string
		status            int
		contains          string
	}{
		{"a viewer queries; Grafana's {results: {refId: …}} shape", "Viewer:1:vera", ok, 200, `"results":{"A":{"status":200,"frames":[{"schema":{"name":"incidents"`},
		{"now-relative times are accepted", "Viewer:2:olga", strings.Replace(strings.Replace(ok, `"1764400000000"`, `"now-6h"`, 1), `"1764403600000"`, `"now"`, 1), 200, `"refId":"A"`},
		{"a bad query fails that query with 400", "Viewer:1:vera", strings.Replace(ok, `"incidents"`, `"logs"`, 1), 400, `queryType must be`},
		{"a query without a data source", "Viewer:1:vera", `{"from":"now-1h","to":"now","queries":[{"refId":"A"}]}`, 400, "Query missing datasource info"},
		{"no queries", "Viewer:1:vera", `{"from":"now-1h","to":"now","queries":[]}`, 400, "No queries found"},
		{"another data source", "Viewer:1:vera", strings.Replace(ok, `"uid":"warroom-incidents"`, `"uid":"prometheus"`, 1), 404, "Data source not found"},
		{"a user without a role", "None:1:nora", ok, 403, "Access denied"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			status, body := query(c.ident, c.body)
			if status != c.status || !strings.Contains(body, c.contains) {
				t.Fatalf("status %d body %s; want %d containing %q", status, body, c.status, c.contains)
			}
		})
	}

	resp, body := tb.do(t, "Viewer:1:vera", "GET", "/api/datasources/uid/warroom-incidents/health", "")
	wantStatus(t, resp, body, 200)
	if !strings.Contains(string(body), `"status":"OK"`) || !strings.Contains(string(body), "are readable") {
		t.Fatalf("health: %s", body)
	}
	resp, body = tb.do(t, "Viewer:1:vera", "GET", "/api/datasources/uid/nope/health", "")
	wantStatus(t, resp, body, 404)

	// The host finds the data source and its module in boot data.
	_, page := tb.do(t, "Viewer:1:vera", "GET", "/", "")
	if !strings.Contains(string(page), `"module":"public/plugins/warroom-incident-app/datasource/module.js"`) {
		t.Fatalf("boot data has no incidents data source: %s", page)
	}
}
