package plugin

import (
	"fmt"
	"net/http"
	"strings"
	"testing"

	"github.com/grafana/grafana-plugin-sdk-go/backend"
)

// callPath sends one request through CallResource with Path and URL given
// apart, as Grafana does: Path percent-decoded (%00 arrives as NUL), URL as
// requested. The call itself must not fail, or Grafana answers its own 500.
func callPath(t *testing.T, a *App, who caller, method, path, url string) response {
	t.Helper()
	pc := who.Context()
	req := &backend.CallResourceRequest{PluginContext: pc, Method: method, Path: path, URL: url,
		Headers: map[string][]string{"Content-Type": {"application/json"}}, Body: []byte(`{}`)}
	out, err := send(a, req)
	if err != nil {
		t.Fatalf("%s %q: the call failed at the plugin protocol (Grafana would answer 500): %v", method, path, err)
	}
	return out
}

func TestPathsThatNameNoResourceGetTheErrorShapeNeverARedirect(t *testing.T) {
	a := testApp(t)
	id, _ := declare(t, a, editor, "paths")
	cases := []struct {
		name, method, path, url string
		wantStatus              int
		wantCode                string
		wantFields              []string
	}{
		// Not canonical: the mux would redirect to the cleaned path, outside
		// the plugin's URL space.
		{"empty segment", "GET", "incidents//events", "/incidents//events", 404, "not_found", nil},
		{"empty segment with id", "GET", "incidents/" + id + "//events", "/incidents/" + id + "//events", 404, "not_found", nil},
		{"dot-dot to an admin route", "POST", "incidents/x/../../admin/demo-data", "/incidents/x/../../admin/demo-data", 404, "not_found", nil},
		{"dot segment", "GET", "incidents/./" + id, "/incidents/./" + id, 404, "not_found", nil},
		{"leading dot", "GET", "./incidents", "/./incidents", 404, "not_found", nil},
		{"trailing slash", "GET", "incidents/", "/incidents/", 404, "not_found", nil},
		{"trailing dot-dot", "GET", "incidents/" + id + "/..", "/incidents/" + id + "/..", 404, "not_found", nil},
		{"double leading slash", "GET", "//incidents", "//incidents", 404, "not_found", nil},
		// Decoded characters httpadapter would read a second time.
		{"percent", "GET", "incidents/%zz", "/incidents/%25zz", 404, "not_found", nil},
		{"encoded slash read again", "GET", "incidents/x%2F..%2F..%2Fadmin%2Fdemo-data", "/incidents/x%252F..", 404, "not_found", nil},
		{"question mark", "GET", "incidents/x?y=1", "/incidents/x%3Fy=1", 404, "not_found", nil},
		{"hash", "GET", "incidents/x#y", "/incidents/x%23y", 404, "not_found", nil},
		// Control characters and invalid UTF-8: httpadapter cannot build the request.
		{"NUL in the id", "GET", "incidents/\x00", "/incidents/%00", 400, "invalid_request", []string{"path"}},
		{"NUL in a route", "GET", "incidents\x00", "/incidents%00", 400, "invalid_request", []string{"path"}},
		{"NUL before a known route", "POST", "admin/demo-data\x00", "/admin/demo-data%00", 400, "invalid_request", []string{"path"}},
		{"line feed", "GET", "incidents/" + id + "\n", "/incidents/" + id + "%0A", 400, "invalid_request", []string{"path"}},
		{"DEL", "GET", "incidents/\x7f", "/incidents/%7F", 400, "invalid_request", []string{"path"}},
		{"C1 control", "GET", "incidents/\u0085", "/incidents/%C2%85", 400, "invalid_request", []string{"path"}},
		{"invalid UTF-8", "GET", "incidents/\xff", "/incidents/%FF", 400, "invalid_request", []string{"path"}},
		{"raw control in the URL", "GET", "incidents", "/incidents\x00", 400, "invalid_request", []string{"url"}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			r := callPath(t, a, admin, tc.method, tc.path, tc.url)
			if r.Status != tc.wantStatus || r.ErrorCode(t) != tc.wantCode {
				t.Fatalf("want %d %s, got %d %s", tc.wantStatus, tc.wantCode, r.Status, r.Body)
			}
			if loc := r.Header["Location"]; len(loc) > 0 {
				t.Fatalf("redirected to %v", loc)
			}
			if ct := r.Header["Content-Type"]; len(ct) == 0 || !strings.HasPrefix(ct[0], "application/json") {
				t.Fatalf("content type %v", ct)
			}
			if got := fmt.Sprint(r.FieldPaths(t)); got != fmt.Sprint(tc.wantFields) && (len(tc.wantFields) != 0 || got != "[]") {
				t.Fatalf("fields %s, want %v (%s)", got, tc.wantFields, r.Body)
			}
		})
	}
	// Nothing above reached a handler: no demo data, the incident unchanged.
	if page := call(t, a, viewer, "GET", "/incidents", "").JSON(t); page["total"] != float64(1) {
		t.Fatalf("incidents after the path cases: %v", page["total"])
	}
	// Canonical paths still work, with and without Grafana's leading slash.
	for _, p := range []string{"incidents/" + id + "/events", "/incidents/" + id} {
		if r := callPath(t, a, viewer, "GET", p, "/"+strings.TrimPrefix(p, "/")); r.Status != http.StatusOK {
			t.Fatalf("GET %s: %d %s", p, r.Status, r.Body)
		}
	}
}
