package main

import (
	"encoding/json"
	"net/http"
	"testing"
)

// echoed is what the echo plugin reports back about the call it received.
type echoed struct {
	Instance int64               `json:"instance"`
	Method   string              `json:"method"`
	Path     string              `json:"path"`
	URL      string              `json:"url"`
	Headers  map[string][]string `json:"headers"`
	Body     string              `json:"body"`
	OrgID    int64               `json:"orgId"`
	User     *struct{ Login, Name, Email, Role string }
	JSONData json.RawMessage   `json:"jsonData"`
	Secure   map[string]string `json:"secure"`
	Updated  int64             `json:"updatedMs"`
	AppURL   string            `json:"appUrl"`
	Env      map[string]string `json:"env"`
}

func TestForwardHeadersStripsIdentity(t *testing.T) {
	in := http.Header{
		"Cookie": {"grafana_session=s; testbed_identity=Admin:1:admin"}, "Authorization": {"Bearer t"},
		"X-Grafana-Org-Id": {"2"}, "X-Grafana-User": {"root"}, "x-grafana-device-id": {"d"},
		"Origin": {"http://x"}, "Referer": {"http://x/a"}, "X-Forwarded-Host": {"x"},
		"Accept": {"application/json"}, "X-Request-Id": {"r1"},
	}
	out := forwardHeaders(in, "127.0.0.1:5555")
	for _, k := range []string{"Cookie", "Authorization", "X-Grafana-Org-Id", "X-Grafana-User", "x-grafana-device-id", "Origin", "Referer", "X-Forwarded-Host"} {
		if _, ok := out[k]; ok {
			t.Errorf("%s forwarded", k)
		}
	}
	if out.Get("Accept") != "application/json" || out.Get("X-Request-Id") != "r1" || out.Get("X-Forwarded-For") != "127.0.0.1" {
		t.Errorf("kept headers: %v", out)
	}
	if in.Get("Cookie") == "" {
		t.Error("the incoming request must not be modified")
	}
}

func TestResourceCallCarriesIdentityOnlyInContext(t *testing.T) {
	// A token Grafana knows; it must be used for identity, never forwarded.
	serviceAccounts["secret"] = identity{Role: "Editor", OrgID: 2, Login: "alice"}
	t.Cleanup(func() { delete(serviceAccounts, "secret") })
	tb := newTestBed(t, true, "")
	resp, body := tb.do(t, "Editor:2:alice", "POST", "/api/plugins/warroom-incident-app/resources/incidents/INC-1?x=1", `{"a":1}`,
		"Authorization", "Bearer secret", "X-Grafana-Org-Id", "1", "X-Grafana-User", "admin", "X-Custom", "kept")
	wantStatus(t, resp, body, http.StatusOK)
	if resp.Header.Get("Set-Cookie") != "" {
		t.Error("Set-Cookie from the plugin reached the browser")
	}
	if resp.Header.Get("Content-Security-Policy") != "sandbox" || resp.Header.Get("Content-Type") != "application/json" {
		t.Errorf("response headers %v", resp.Header)
	}
	e := decode[echoed](t, body)
	if e.Path != "incidents/INC-1" || e.URL != "incidents/INC-1?x=1" || e.Method != "POST" || e.Body != `{"a":1}` {
		t.Errorf("request: %+v", e)
	}
	if e.OrgID != 2 || e.User == nil || e.User.Login != "alice" || e.User.Role != "Editor" || e.User.Email != "alice@testbed.local" {
		t.Errorf("identity: org %d user %+v", e.OrgID, e.User)
	}
	for k := range e.Headers {
		switch http.CanonicalHeaderKey(k) {
		case "Cookie", "Authorization", "X-Grafana-Org-Id", "X-Grafana-User":
			t.Errorf("header %s reached the plugin", k)
		}
	}
	if got := http.Header(e.Headers).Get("X-Custom"); got != "kept" {
		t.Errorf("X-Custom = %q", got)
	}
	if e.AppURL != "http://127.0.0.1:3000/" || e.Env["GF_PLUGIN_DATA_DIR"] == "" || e.Env["GF_PATHS_DATA"] != "" || e.Env["GF_VERSION"] == "" {
		t.Errorf("config %q env %v", e.AppURL, e.Env)
	}
}

func TestSettingsChangeReachesThePlugin(t *testing.T) {
	tb := newTestBed(t, true, "")
	res := "/api/plugins/warroom-incident-app/resources/echo"
	_, body := tb.do(t, "Admin:1:admin", "GET", res, "")
	before := decode[echoed](t, body)
	resp, body := tb.do(t, "Admin:1:admin", "POST", "/api/plugins/warroom-incident-app/settings",
		`{"enabled":true,"jsonData":{"severityLabels":"SEV"},"secureJsonData":{"postgresDsn":"postgres://x"}}`)
	wantStatus(t, resp, body, http.StatusOK)
	_, body = tb.do(t, "Admin:1:admin", "GET", res, "")
	after := decode[echoed](t, body)
	if after.Instance == before.Instance || after.Updated <= before.Updated {
		t.Fatalf("instance %d→%d updated %d→%d: the plugin kept its old instance", before.Instance, after.Instance, before.Updated, after.Updated)
	}
	if string(after.JSONData) != `{"severityLabels":"SEV"}` || after.Secure["postgresDsn"] != "postgres://x" {
		t.Fatalf("settings in context: %s %v", after.JSONData, after.Secure)
	}
	// Org 2 still runs with defaults.
	_, body = tb.do(t, "Admin:2:admin", "GET", res, "")
	if o2 := decode[echoed](t, body); len(o2.Secure) != 0 || string(o2.JSONData) != "{}" {
		t.Fatalf("org 2 context: %s %v", o2.JSONData, o2.Secure)
	}
}

func TestResourceStreamingAndErrors(t *testing.T) {
	tb := newTestBed(t, true, "")
	resp, body := tb.do(t, "", "GET", "/api/plugins/warroom-incident-app/resources/stream", "")
	wantStatus(t, resp, body, http.StatusAccepted)
	if string(body) != "one,two,three" || resp.Header.Get("X-Part") != "1" {
		t.Fatalf("stream: %q %v", body, resp.Header)
	}
	resp, body = tb.do(t, "", "GET", "/api/plugins/warroom-incident-app/resources/empty", "")
	wantStatus(t, resp, body, http.StatusInternalServerError)

	resp, body = tb.do(t, "", "GET", "/api/plugins/warroom-incident-app/resources/crash", "")
	if resp.StatusCode != http.StatusServiceUnavailable && resp.StatusCode != http.StatusInternalServerError {
		t.Fatalf("crash: %d %s", resp.StatusCode, body)
	}
	resp, body = tb.do(t, "", "GET", "/api/plugins/warroom-incident-app/resources/echo", "")
	wantStatus(t, resp, body, http.StatusServiceUnavailable)
	if m := decode[map[string]string](t, body); m["message"] != "Plugin unavailable" {
		t.Fatalf("%s", body)
	}
}

func TestPluginHealthEndpoint(t *testing.T) {
	tb := newTestBed(t, true, "")
	resp, body := tb.do(t, "", "GET", "/api/plugins/warroom-incident-app/health", "")
	wantStatus(t, resp, body, http.StatusOK)
	if m := decode[map[string]string](t, body); m["status"] != "OK" || m["message"] != "echo store ready" {
		t.Fatalf("%s", body)
	}
	nob := newTestBed(t, false, "")
	resp, body = nob.do(t, "", "GET", "/api/plugins/warroom-incident-app/resources/x", "")
	wantStatus(t, resp, body, http.StatusServiceUnavailable)
}

// A Grafana alert contact point calls the webhook resource as a service
// account: the token is the identity, and the signature header reaches the
// plugin; an unknown token is Grafana's 401.
func TestServiceAccountTokenCallsResourcesAsThatAccount(t *testing.T) {
	serviceAccounts["glsa_test"] = identity{Role: "Editor", OrgID: 3, Login: "sa-3-alerts"}
	t.Cleanup(func() { delete(serviceAccounts, "glsa_test") })
	tb := newTestBed(t, true, "")
	res := "/api/plugins/warroom-incident-app/resources/echo"
	resp, body := tb.do(t, "", "POST", res, `{}`, "Authorization", "Bearer glsa_test", "X-Warroom-Signature", "abc")
	wantStatus(t, resp, body, http.StatusOK)
	e := decode[echoed](t, body)
	if e.OrgID != 3 || e.User == nil || e.User.Login != "sa-3-alerts" || e.User.Role != "Editor" {
		t.Fatalf("identity: org %d user %+v", e.OrgID, e.User)
	}
	if http.Header(e.Headers).Get("X-Warroom-Signature") != "abc" || http.Header(e.Headers).Get("Authorization") != "" {
		t.Fatalf("headers reaching the plugin: %v", e.Headers)
	}
	resp, body = tb.do(t, "", "POST", res, `{}`, "Authorization", "Bearer glsa_unknown")
	wantStatus(t, resp, body, http.StatusUnauthorized)
}
