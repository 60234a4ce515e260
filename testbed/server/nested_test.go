package main

import (
	"net/http"
	"os"
	"path/filepath"
	"testing"
)

const testPanelJSON = `{
  "type": "panel", "name": "Warroom timers", "id": "warroom-timers-panel", "skipDataQuery": true,
  "info": {"version": "1.2.3", "logos": {"small": "../../img/logo.svg", "large": "../../img/logo.svg"}},
  "dependencies": {"grafanaDependency": ">=12.3.0"}
}`

// withNested adds a nested panel (and a broken neighbour Grafana would skip) to the test bed's dist.
func withNested(t *testing.T, tb *testBed) {
	t.Helper()
	for _, dir := range []string{"panels/timers", "panels/broken", "panels/app"} {
		if err := os.MkdirAll(filepath.Join(tb.dist, dir), 0o755); err != nil {
			t.Fatal(err)
		}
	}
	write(t, filepath.Join(tb.dist, "panels/timers/plugin.json"), testPanelJSON)
	write(t, filepath.Join(tb.dist, "panels/timers/module.js"), `define(["@grafana/data"], function(){ return {}; });`)
	write(t, filepath.Join(tb.dist, "panels/timers/gpx_secret"), "never served")
	write(t, filepath.Join(tb.dist, "panels/broken/plugin.json"), `{"type": "panel", "name": "No id"}`)
	write(t, filepath.Join(tb.dist, "panels/app/plugin.json"), `{"type": "app", "id": "other-nested-app", "name": "App in app"}`)
}

func TestNestedPanelIsServedLikeGrafana(t *testing.T) {
	tb := newTestBed(t, false, "")
	withNested(t, tb)

	// Boot data lists the panel with the parent-relative module path Grafana computes.
	boot := bootOf(t, tb, "Viewer:1:vera", "/d/timers")
	panels := boot["settings"].(map[string]any)["panels"].(map[string]any)
	if len(panels) != 1 {
		t.Fatalf("panels = %v, want only the valid nested panel", panels)
	}
	p := panels["warroom-timers-panel"].(map[string]any)
	for k, want := range map[string]any{
		"module":        "public/plugins/warroom-incident-app/panels/timers/module.js",
		"baseUrl":       "public/plugins/warroom-incident-app/panels/timers",
		"skipDataQuery": true,
		"name":          "Warroom timers",
	} {
		if p[k] != want {
			t.Errorf("panels[warroom-timers-panel].%s = %v, want %v", k, p[k], want)
		}
	}
	if logo := p["info"].(map[string]any)["logos"].(map[string]any)["small"]; logo != "public/plugins/warroom-incident-app/img/logo.svg" {
		t.Errorf("logo = %v", logo)
	}

	// Its module is reachable under the app's path (what bootData names) and its own id.
	for _, path := range []string{"/public/plugins/warroom-incident-app/panels/timers/module.js", "/public/plugins/warroom-timers-panel/module.js"} {
		resp, body := tb.do(t, "", "GET", path, "")
		wantStatus(t, resp, body, http.StatusOK)
	}
	for _, path := range []string{"/public/plugins/warroom-timers-panel/gpx_secret", "/public/plugins/no-such-panel/module.js"} {
		if resp, body := tb.do(t, "", "GET", path, ""); resp.StatusCode != http.StatusNotFound {
			t.Errorf("GET %s: %d %s, want 404", path, resp.StatusCode, body)
		}
	}

	// Settings: the PluginSetting DTO of a child; not enabled without a settings row.
	resp, body := tb.do(t, "Viewer:1:vera", "GET", "/api/plugins/warroom-timers-panel/settings", "")
	wantStatus(t, resp, body, http.StatusOK)
	st := decode[map[string]any](t, body)
	if st["type"] != "panel" || st["enabled"] != false || st["module"] != "public/plugins/warroom-incident-app/panels/timers/module.js" {
		t.Errorf("settings = %v", st)
	}
	resp, body = tb.do(t, "Viewer:1:vera", "GET", "/api/plugins/other-nested-app/settings", "")
	wantStatus(t, resp, body, http.StatusNotFound)
	// The app's own settings route is untouched.
	resp, body = tb.do(t, "Viewer:1:vera", "GET", "/api/plugins/warroom-incident-app/settings", "")
	wantStatus(t, resp, body, http.StatusOK)
	if decode[map[string]any](t, body)["type"] != "app" {
		t.Errorf("app settings answered by the nested route: %s", body)
	}
}

func TestFindNestedPluginsRefusesWhatGrafanaRefuses(t *testing.T) {
	dist := t.TempDir()
	for dir, content := range map[string]string{
		".":           testPluginJSON,
		"a":           testPanelJSON,
		"b":           testPanelJSON, // the same id again
		"c":           `{"type": "panel", "id": "Bad_Id", "name": "x"}`,
		"d":           `{"type": "renderer", "id": "acme-x-panel", "name": "x"}`,
		"e":           `not json`,
		"f/deep/down": `{"type": "datasource", "id": "acme-deep-datasource", "name": "Deep"}`,
	} {
		if err := os.MkdirAll(filepath.Join(dist, dir), 0o755); err != nil {
			t.Fatal(err)
		}
		write(t, filepath.Join(dist, dir, "plugin.json"), content)
	}
	found, problems := findNestedPlugins(dist)
	var got []string
	for _, n := range found {
		got = append(got, n.ID+"@"+n.rel)
	}
	if len(got) != 2 || got[0] != "acme-deep-datasource@f/deep/down" || got[1] != "warroom-timers-panel@a" {
		t.Errorf("found %v", got)
	}
	if len(problems) != 4 {
		t.Errorf("problems = %v, want 4 (duplicate id, bad id, bad type, bad JSON)", problems)
	}
}
