package main

import (
	"encoding/json"
	"net/http"
	"regexp"
	"strings"
	"testing"
)

var bootRe = regexp.MustCompile(`window\.grafanaBootData = (.*);</script>`)

func bootOf(t *testing.T, tb *testBed, ident, path string) map[string]any {
	t.Helper()
	resp, body := tb.do(t, ident, "GET", path, "")
	wantStatus(t, resp, body, http.StatusOK)
	if ct := resp.Header.Get("Content-Type"); !strings.HasPrefix(ct, "text/html") {
		t.Fatalf("content type %q", ct)
	}
	m := bootRe.FindSubmatch(body)
	if m == nil {
		t.Fatalf("no bootData in %s", body)
	}
	var boot map[string]any
	if err := json.Unmarshal(m[1], &boot); err != nil {
		t.Fatalf("bootData: %v", err)
	}
	return boot
}

func TestShellInjectsBootData(t *testing.T) {
	tb := newTestBed(t, false, "http://127.0.0.1:9090")
	for _, p := range []string{"/", "/a/warroom-incident-app/incidents", "/d/abc/x", "/alerting/list", "/testbed/extensions"} {
		boot := bootOf(t, tb, "Editor:2:alice", p)
		user := boot["user"].(map[string]any)
		if user["login"] != "alice" || user["orgId"] != float64(2) || user["orgRole"] != "Editor" || user["isSignedIn"] != true ||
			user["isGrafanaAdmin"] != false || user["email"] != "alice@testbed.local" || user["theme"] != "dark" {
			t.Fatalf("%s: user %v", p, user)
		}
	}
	boot := bootOf(t, tb, "", "/")
	settings := boot["settings"].(map[string]any)
	app := settings["apps"].(map[string]any)["warroom-incident-app"].(map[string]any)
	if app["path"] != "/public/plugins/warroom-incident-app/module.js" || app["version"] != "1.2.3" || app["preload"] != true ||
		app["loadingStrategy"] != "script" || app["extensions"] == nil || app["dependencies"] == nil {
		t.Fatalf("app entry %v", app)
	}
	ds := settings["datasources"].(map[string]any)["Prometheus"].(map[string]any)
	if ds["uid"] != "prometheus" || ds["type"] != "prometheus" || ds["url"] != "/api/datasources/proxy/uid/prometheus" {
		t.Fatalf("datasource %v", ds)
	}
	if u := boot["user"].(map[string]any); u["login"] != "" || u["isSignedIn"] != false || u["orgRole"] != "Admin" {
		t.Fatalf("no cookie must mean the anonymous Admin (docker-compose.yaml), got %v", u)
	}
}

func TestDisabledAppIsNotInBootData(t *testing.T) {
	tb := newTestBed(t, false, "")
	resp, body := tb.do(t, "Admin:1:admin", "POST", "/api/plugins/warroom-incident-app/settings", `{"enabled":false}`)
	wantStatus(t, resp, body, http.StatusOK)
	apps, _ := bootOf(t, tb, "Admin:1:admin", "/")["settings"].(map[string]any)["apps"].(map[string]any)
	if _, ok := apps["warroom-incident-app"]; ok {
		t.Fatal("a disabled app must not be in settings.apps (Grafana lists enabled apps only)")
	}
	apps, _ = bootOf(t, tb, "Admin:2:admin", "/")["settings"].(map[string]any)["apps"].(map[string]any)
	if _, ok := apps["warroom-incident-app"]; !ok {
		t.Fatal("org 2 keeps the app enabled")
	}
	if _, ok := bootOf(t, tb, "", "/")["settings"].(map[string]any)["datasources"].(map[string]any)["Prometheus"]; ok {
		t.Fatal("no -prometheus-url, no Prometheus data source")
	}
}

func TestStaticFilesAndUnknownAPI(t *testing.T) {
	tb := newTestBed(t, false, "")
	resp, body := tb.do(t, "", "GET", "/public/plugins/warroom-incident-app/module.js", "")
	wantStatus(t, resp, body, http.StatusOK)
	if !strings.Contains(string(body), "define(") {
		t.Fatalf("module.js: %s", body)
	}
	for _, p := range []string{"/public/plugins/warroom-incident-app/gpx_warroom_linux_amd64",
		"/public/plugins/warroom-incident-app/", "/public/plugins/warroom-incident-app/missing.js",
		"/public/plugins/warroom-incident-app/../plugin.json"} {
		resp, body = tb.do(t, "", "GET", p, "")
		// ".." is redirected to its clean path by ServeMux, never served.
		if resp.StatusCode != http.StatusNotFound && (resp.StatusCode/100 != 3 || !strings.Contains(p, "..")) {
			t.Errorf("%s: %d %s", p, resp.StatusCode, body)
		}
	}
	resp, body = tb.do(t, "", "GET", "/public/testbed/bootdata.json", "")
	wantStatus(t, resp, body, http.StatusOK)

	resp, body = tb.do(t, "", "GET", "/api/frontend/settings", "")
	wantStatus(t, resp, body, http.StatusNotFound)
	if m := decode[map[string]string](t, body); m["message"] != "not found" {
		t.Fatalf("%s", body)
	}
	resp, body = tb.do(t, "", "GET", "/api/health", "")
	wantStatus(t, resp, body, http.StatusOK)
	if m := decode[map[string]string](t, body); m["database"] != "ok" || m["version"] == "" {
		t.Fatalf("%s", body)
	}
	resp, body = tb.do(t, "", "POST", "/a/warroom-incident-app", "{}")
	wantStatus(t, resp, body, http.StatusMethodNotAllowed)
}

func TestExtensionsAndDependenciesHaveGrafanaDefaults(t *testing.T) {
	tb := newTestBed(t, false, "")
	app := bootOf(t, tb, "", "/")["settings"].(map[string]any)["apps"].(map[string]any)["warroom-incident-app"].(map[string]any)
	ext := app["extensions"].(map[string]any)
	for _, k := range []string{"addedLinks", "addedComponents", "exposedComponents", "extensionPoints", "addedFunctions"} {
		if _, ok := ext[k].([]any); !ok {
			t.Errorf("extensions.%s = %v, want a list", k, ext[k])
		}
	}
	if links := ext["addedLinks"].([]any); len(links) != 1 {
		t.Errorf("plugin.json addedLinks lost: %v", links)
	}
	deps := app["dependencies"].(map[string]any)
	if deps["grafanaDependency"] != ">=12.0.0" || deps["extensions"].(map[string]any)["exposedComponents"] == nil {
		t.Errorf("dependencies %v", deps)
	}
}
