package grpc

import (
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// With data_dir naming a directory the Grafana user cannot create, the
// binary still answers every resource call over the plugin protocol: a 503
// in the API's error shape naming the grafana.ini setting, never a failed
// gRPC call (which Grafana shows as its generic 500) and never the path.
func TestAStoreThatCannotBeOpenedIsA503NamingTheSetting(t *testing.T) {
	file := filepath.Join(t.TempDir(), "not-a-dir")
	if err := os.WriteFile(file, nil, 0o600); err != nil {
		t.Fatal(err)
	}
	in := newInstance(t, nil)
	in.dataDir = filepath.Join(file, "warroom")
	p := in.launch(t)
	for _, c := range []struct{ role, method, path, body string }{
		{"Viewer", "GET", "me", ""},
		{"Admin", "GET", "policy", ""},
		{"Viewer", "GET", "scheduler/status", ""},
		{"Editor", "POST", "incidents", declareBody},
	} {
		code, body := call(t, p, in.as(1, c.role, "ada"), c.method, c.path, c.body)
		wantError(t, code, body, http.StatusServiceUnavailable, "store_unavailable")
		msg := decodeAs[apiError](t, body).Error.Message
		if !strings.Contains(msg, "data_dir under [plugin.warroom-incident-app] in grafana.ini") || strings.Contains(msg, file) {
			t.Fatalf("%s %s: message %q, want the grafana.ini setting named and no path", c.method, c.path, msg)
		}
	}
}
