package plugin

import (
	"encoding/json"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/grafana/grafana-plugin-sdk-go/backend"
)

// When an org's instance cannot be made (its store does not open, its
// settings are not valid), every resource call answers the API's error
// shape as a 503 that says what to check, instead of failing the gRPC call
// (which Grafana turns into its generic 500). The health check says the
// same. No driver text, DSN, host or path reaches the answer.
func TestAStoreThatCannotBeOpenedAnswersEveryCallWith503(t *testing.T) {
	// A data directory that cannot be created: its parent is a regular file
	// (chmod would not stop root, which CI may run as).
	file := filepath.Join(t.TempDir(), "not-a-dir")
	if err := os.WriteFile(file, nil, 0o600); err != nil {
		t.Fatal(err)
	}
	const password = "pa55-e2e-secret"
	cases := []struct {
		name     string
		jsonData map[string]string
		secure   map[string]string
		code     string
		says     []string // what the message must name for the admin to check
		never    []string // what must never reach a client
	}{
		{"data dir not writable", map[string]string{"dataDir": filepath.Join(file, "warroom")}, nil,
			"store_unavailable", []string{"data directory", "data_dir"}, []string{file, "not a directory"}},
		{"PostgreSQL unreachable", nil, map[string]string{"postgresDsn": "postgres://warroom-user:" + password + "@127.0.0.1:1/warroom_db?sslmode=disable"},
			"store_unavailable", []string{"PostgreSQL", "reachable", "plugin log"}, []string{password, "warroom-user", "warroom_db", "127.0.0.1", "refused", "dial"}},
		{"settings not valid", map[string]string{"dataDir": t.TempDir(), "severityLabels": "SEVERITY"}, nil,
			"settings_invalid", []string{"severityLabels", "configuration page"}, nil},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			d := newDispatch()
			jd, _ := json.Marshal(c.jsonData)
			pc := func(role string) backend.PluginContext {
				return backend.PluginContext{OrgID: 1, PluginID: ID, User: &backend.User{Login: "ada", Role: role},
					AppInstanceSettings: &backend.AppInstanceSettings{JSONData: jd, DecryptedSecureJSONData: c.secure}}
			}
			calls := []struct{ role, method, path, body string }{
				{"Viewer", "GET", "me", ""},
				{"Admin", "GET", "policy", ""},
				{"Admin", "GET", "scheduler/status", ""},
				{"Viewer", "GET", "incidents", ""},
				{"Editor", "POST", "incidents", `{"title":"Checkout down","severity":"P1","services":["checkout"]}`},
			}
			var first string
			for _, k := range calls {
				var got response
				err := d.CallResource(t.Context(), &backend.CallResourceRequest{PluginContext: pc(k.role), Method: k.method, Path: k.path, URL: k.path,
					Headers: map[string][]string{"Content-Type": {"application/json"}}, Body: []byte(k.body)},
					backend.CallResourceResponseSenderFunc(func(r *backend.CallResourceResponse) error {
						got.Status, got.Header, got.Body = r.Status, r.Headers, append(got.Body, r.Body...)
						return nil
					}))
				if err != nil {
					t.Fatalf("%s %s failed at the gRPC level (Grafana shows a bare 500): %v", k.method, k.path, err)
				}
				if got.Status != http.StatusServiceUnavailable || got.ErrorCode(t) != c.code {
					t.Fatalf("%s %s = %d %s, want 503 %s", k.method, k.path, got.Status, got.Body, c.code)
				}
				if ct := strings.Join(got.Header["Content-Type"], ""); !strings.HasPrefix(ct, "application/json") {
					t.Fatalf("%s %s: Content-Type %q", k.method, k.path, ct)
				}
				msg := got.JSON(t)["error"].(map[string]any)["message"].(string)
				if first == "" {
					first = msg
				}
				if msg != first {
					t.Fatalf("%s %s says %q, the first call said %q", k.method, k.path, msg, first)
				}
			}
			for _, s := range c.says {
				if !strings.Contains(first, s) {
					t.Errorf("message %q does not name %q", first, s)
				}
			}
			for _, s := range c.never {
				if strings.Contains(first, s) {
					t.Errorf("message %q leaks %q", first, s)
				}
			}
			health, err := d.CheckHealth(t.Context(), &backend.CheckHealthRequest{PluginContext: pc("Admin")})
			if err != nil || health.Status != backend.HealthStatusError || health.Message != first {
				t.Fatalf("health = %+v %v, want the resource calls' message %q", health, err, first)
			}
		})
	}
}
