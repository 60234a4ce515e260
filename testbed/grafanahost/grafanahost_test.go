package grafanahost

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"os"
	"slices"
	"testing"
	"time"
)

var echoBinary string

func TestMain(m *testing.M) {
	os.Exit(run(m))
}

func run(m *testing.M) int {
	dir, err := os.MkdirTemp("", "grafanahost-test")
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		return 1
	}
	defer os.RemoveAll(dir)
	root, err := ModuleRoot(".")
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		return 1
	}
	echoBinary, err = Build(root, "./testbed/grafanahost/internal/echoplugin", dir, "gpx_echo")
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		return 1
	}
	return m.Run()
}

type echo struct {
	Instance  int64               `json:"instance"`
	Method    string              `json:"method"`
	Path      string              `json:"path"`
	URL       string              `json:"url"`
	Headers   map[string][]string `json:"headers"`
	Body      string              `json:"body"`
	OrgID     int64               `json:"orgId"`
	Namespace string              `json:"namespace"`
	User      *struct{ Login, Name, Email, Role string }
	JSONData  json.RawMessage   `json:"jsonData"`
	Secure    map[string]string `json:"secure"`
	Updated   int64             `json:"updatedMs"`
	AppURL    string            `json:"appUrl"`
	UserAgent string            `json:"userAgent"`
	Env       map[string]string `json:"env"`
}

func launch(t *testing.T) *Plugin {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	p, err := Launch(ctx, echoBinary, Env(DataDir("/srv/warroom"), "1.2.3", "http://127.0.0.1:3000/"), WithLogger(QuietLogger()))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(p.Close)
	return p
}

func call(t *testing.T, p *Plugin, pc Context, method, path string, h http.Header, body string) (int, http.Header, echo) {
	t.Helper()
	code, hdr, b, err := p.CallResource(context.Background(), pc.PluginContext(), method, path, h, []byte(body))
	if err != nil {
		t.Fatalf("%s %s: %v", method, path, err)
	}
	var e echo
	if err := json.Unmarshal(b, &e); err != nil {
		t.Fatalf("decode %q: %v", b, err)
	}
	return code, hdr, e
}

func TestPluginContextAndEnvReachThePlugin(t *testing.T) {
	p := launch(t)
	updated := time.UnixMilli(1_700_000_000_123)
	pc := Context{OrgID: 2, User: NewUser("bob", "Bob", "bob@example.com", "Editor"),
		JSONData: json.RawMessage(`{"a":1}`), DecryptedSecureJSONData: map[string]string{"postgresDsn": "x"},
		Updated: updated, AppURL: "http://127.0.0.1:3000/"}
	code, hdr, e := call(t, p, pc, "POST", "/incidents/INC-1?x=1&y=2", http.Header{"Content-Type": {"application/json"}}, `{"b":2}`)
	if code != 200 || hdr.Get("Content-Type") != "application/json" {
		t.Fatalf("code %d headers %v", code, hdr)
	}
	if e.Path != "incidents/INC-1" || e.URL != "incidents/INC-1?x=1&y=2" || e.Method != "POST" || e.Body != `{"b":2}` {
		t.Errorf("request shape: %+v", e)
	}
	if e.OrgID != 2 || e.Namespace != "org-2" || e.User == nil || e.User.Login != "bob" || e.User.Role != "Editor" {
		t.Errorf("identity: %+v user %+v", e, e.User)
	}
	if string(e.JSONData) != `{"a":1}` || e.Secure["postgresDsn"] != "x" || e.Updated != updated.UnixMilli() {
		t.Errorf("settings: %s %v %d", e.JSONData, e.Secure, e.Updated)
	}
	if e.AppURL != "http://127.0.0.1:3000/" || e.UserAgent == "" {
		t.Errorf("config: app url %q ua %q", e.AppURL, e.UserAgent)
	}
	if e.Env["GF_VERSION"] != GrafanaVersion || e.Env["GF_EDITION"] != Edition || e.Env["GF_PLUGIN_DATA_DIR"] != "/srv/warroom" || e.Env["GF_PLUGIN_VERSION"] != "1.2.3" {
		t.Errorf("env: %v", e.Env)
	}
}

// The plugin gets what Grafana's PluginEnvVars lists, go-plugin's handshake
// variables and the permitted proxy variables; nothing else of the host's
// environment (grafana pkg/plugins/envvars/envvars.go), so no GF_PATHS_DATA.
func TestOnlyGrafanasVariablesReachThePlugin(t *testing.T) {
	t.Setenv("GF_PATHS_DATA", "/var/lib/grafana")
	t.Setenv("HTTPS_PROXY", "http://proxy.example:3128")
	t.Setenv("WARROOM_SOMETHING", "host-only")
	p := launch(t)
	_, _, e := call(t, p, Context{OrgID: 1}, "GET", "env", nil, "")
	allowed := map[string]bool{"GF_VERSION": true, "GF_EDITION": true, "GF_ENTERPRISE_LICENSE_PATH": true, "GF_ENTERPRISE_APP_URL": true,
		"GF_PLUGIN_VERSION": true, "GF_APP_URL": true, "GF_PLUGIN_DATA_DIR": true, "HTTPS_PROXY": true,
		// go-plugin's own handshake variables.
		"grafana_plugin_type": true, "PLUGIN_MIN_PORT": true, "PLUGIN_MAX_PORT": true, "PLUGIN_PROTOCOL_VERSIONS": true}
	for k := range e.Env {
		if !allowed[k] {
			t.Errorf("%s reached the plugin; Grafana would not pass it", k)
		}
	}
	if e.Env["HTTPS_PROXY"] != "http://proxy.example:3128" {
		t.Errorf("the permitted proxy variable was not forwarded: %v", e.Env)
	}
}

func TestEnvIsThePluginSection(t *testing.T) {
	got := Env(Ini{"data_dir": "/d", "secret_key": "s", "path": "/p", "ID": "x"}, "", "")
	want := []string{"GF_VERSION=" + GrafanaVersion, "GF_EDITION=" + Edition, "GF_ENTERPRISE_LICENSE_PATH=", "GF_ENTERPRISE_APP_URL=",
		"GF_PLUGIN_DATA_DIR=/d", "GF_PLUGIN_SECRET_KEY=s"}
	if !slices.Equal(got, want) {
		t.Fatalf("got %v\nwant %v", got, want)
	}
}

func TestNoUserMeansNilUser(t *testing.T) {
	p := launch(t)
	_, _, e := call(t, p, Context{OrgID: 1}, "GET", "me", nil, "")
	if e.User != nil || e.Namespace != "default" {
		t.Fatalf("user %+v namespace %q", e.User, e.Namespace)
	}
}

func TestNewerSettingsRecreateTheInstance(t *testing.T) {
	p := launch(t)
	pc := Context{OrgID: 1, Updated: time.UnixMilli(1000)}
	_, _, a := call(t, p, pc, "GET", "x", nil, "")
	_, _, b := call(t, p, pc, "GET", "x", nil, "")
	pc.Updated = time.UnixMilli(2000)
	_, _, c := call(t, p, pc, "GET", "x", nil, "")
	if a.Instance != b.Instance || c.Instance == b.Instance {
		t.Fatalf("instances %d %d %d: same settings must reuse, newer must recreate", a.Instance, b.Instance, c.Instance)
	}
}

func TestStreamedResponse(t *testing.T) {
	p := launch(t)
	code, hdr, body, err := p.CallResource(context.Background(), Context{OrgID: 1}.PluginContext(), "GET", "stream", nil, nil)
	if err != nil || code != 202 || hdr.Get("X-Part") != "1" || string(body) != "one,two,three" {
		t.Fatalf("code %d hdr %v body %q err %v", code, hdr, body, err)
	}
	_, _, _, err = p.CallResource(context.Background(), Context{OrgID: 1}.PluginContext(), "GET", "empty", nil, nil)
	if !errors.Is(err, ErrEmptyResponse) {
		t.Fatalf("empty stream: %v", err)
	}
}

func TestCheckHealth(t *testing.T) {
	p := launch(t)
	r, err := p.CheckHealth(context.Background(), Context{OrgID: 1}.PluginContext())
	if err != nil || r.Status.String() != "OK" || r.Message != "echo store ready" {
		t.Fatalf("%+v %v", r, err)
	}
}

func TestKillMakesThePluginUnavailable(t *testing.T) {
	p := launch(t)
	pid := p.Pid()
	if pid == 0 {
		t.Fatal("no pid")
	}
	if err := p.Kill(); err != nil {
		t.Fatal(err)
	}
	if !p.Exited() {
		t.Fatal("still running after Kill")
	}
	_, _, _, err := p.CallResource(context.Background(), Context{OrgID: 1}.PluginContext(), "GET", "x", nil, nil)
	if !errors.Is(err, ErrPluginUnavailable) {
		t.Fatalf("after kill: %v", err)
	}
}

func TestManagedRestartsACrashedPlugin(t *testing.T) {
	ctx := context.Background()
	m, err := StartManaged(ctx, echoBinary, Env(nil, "", ""), QuietLogger())
	if err != nil {
		t.Fatal(err)
	}
	defer m.Stop()
	first := m.Plugin()
	_, _, _, err = first.CallResource(ctx, Context{OrgID: 1}.PluginContext(), "GET", "crash", nil, nil)
	if err == nil {
		t.Fatal("crash route answered")
	}
	deadline := time.Now().Add(20 * time.Second)
	for time.Now().Before(deadline) {
		if p := m.Plugin(); p != nil && p.Pid() != first.Pid() {
			code, _, _, err := p.CallResource(ctx, Context{OrgID: 1}.PluginContext(), "GET", "x", nil, nil)
			if err != nil || code != 200 {
				t.Fatalf("after restart: %d %v", code, err)
			}
			return
		}
		time.Sleep(100 * time.Millisecond)
	}
	t.Fatal("plugin was not restarted")
}

func TestPluginEnvForwardsOnlyProxyVariables(t *testing.T) {
	host := []string{"PATH=/bin", "GF_PATHS_DATA=/host", "HTTP_PROXY=http://p", "no_proxy=localhost", "HTTPS_PROXY=http://host"}
	got := pluginEnv(host, []string{"GF_PLUGIN_DATA_DIR=/mine", "HTTPS_PROXY=http://mine"})
	want := []string{"GF_PLUGIN_DATA_DIR=/mine", "HTTPS_PROXY=http://mine", "HTTP_PROXY=http://p", "no_proxy=localhost"}
	if !slices.Equal(got, want) {
		t.Fatalf("got %v want %v", got, want)
	}
}

func TestOrgNamespace(t *testing.T) {
	for id, want := range map[int64]string{0: "", 1: "default", 7: "org-7"} {
		if got := OrgNamespace(id); got != want {
			t.Errorf("OrgNamespace(%d) = %q, want %q", id, got, want)
		}
	}
}
