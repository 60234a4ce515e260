package main

import (
	"encoding/json"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

func TestSettingsPersistAndRedactSecrets(t *testing.T) {
	tb := newTestBed(t, false, "")
	resp, body := tb.do(t, "Admin:1:admin", "POST", "/api/plugins/warroom-incident-app/settings",
		`{"enabled":true,"pinned":true,"jsonData":{"dataDir":"/x"},"secureJsonData":{"postgresDsn":"postgres://u:hunter2@h/db","apiKey":"k"}}`)
	wantStatus(t, resp, body, http.StatusOK)
	if m := decode[map[string]string](t, body); m["message"] != "Plugin settings updated" {
		t.Fatalf("body %s", body)
	}

	resp, body = tb.do(t, "Viewer:1:v", "GET", "/api/plugins/warroom-incident-app/settings", "")
	wantStatus(t, resp, body, http.StatusOK)
	if strings.Contains(string(body), "hunter2") || strings.Contains(string(body), `"k"`) {
		t.Fatalf("secret leaked: %s", body)
	}
	meta := decode[map[string]any](t, body)
	fields, _ := meta["secureJsonFields"].(map[string]any)
	if fields["postgresDsn"] != true || fields["apiKey"] != true || meta["enabled"] != true || meta["pinned"] != true {
		t.Fatalf("meta %v", meta)
	}
	if jd, _ := meta["jsonData"].(map[string]any); jd["dataDir"] != "/x" {
		t.Fatalf("jsonData %v", meta["jsonData"])
	}
	for _, k := range []string{"id", "type", "name", "info", "includes", "dependencies", "baseUrl", "module", "extensions", "defaultNavUrl"} {
		if _, ok := meta[k]; !ok {
			t.Errorf("PluginMeta lacks %q", k)
		}
	}
	if meta["module"] != "public/plugins/warroom-incident-app/module.js" || meta["defaultNavUrl"] != "/a/warroom-incident-app/incidents" {
		t.Errorf("module %v defaultNavUrl %v", meta["module"], meta["defaultNavUrl"])
	}

	// Another org is untouched.
	_, body = tb.do(t, "Admin:2:admin", "GET", "/api/plugins/warroom-incident-app/settings", "")
	if f := decode[map[string]any](t, body)["secureJsonFields"].(map[string]any); len(f) != 0 {
		t.Fatalf("org 2 sees org 1's secrets: %v", f)
	}

	// A fresh store on the same state dir reads the same settings.
	st, err := newSettingsStore(tb.state)
	if err != nil {
		t.Fatal(err)
	}
	if a := st.get(1); a.SecureJSONData["postgresDsn"] != "postgres://u:hunter2@h/db" || !a.Enabled {
		t.Fatalf("reloaded %+v", a)
	}
	info, err := os.Stat(filepath.Join(tb.state, "plugin-settings.json"))
	if err != nil || info.Mode().Perm()&0o077 != 0 {
		t.Fatalf("settings file must be private: %v %v", info.Mode(), err)
	}
}

func TestSecureJSONDataMergesAndEmptyRemoves(t *testing.T) {
	st, err := newSettingsStore(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	fixed := time.UnixMilli(5000)
	st.now = func() time.Time { return fixed }
	a, _ := st.update(1, updateCmd{Enabled: true, SecureJSONData: map[string]string{"a": "1", "b": "2"}})
	b, _ := st.update(1, updateCmd{Enabled: true, SecureJSONData: map[string]string{"a": "", "c": "3"}})
	if _, ok := b.SecureJSONData["a"]; ok || b.SecureJSONData["b"] != "2" || b.SecureJSONData["c"] != "3" {
		t.Fatalf("merge: %v", b.SecureJSONData)
	}
	// The clock did not move, yet Updated must: the SDK recreates an
	// instance only when Updated differs.
	if !b.Updated.After(a.Updated) {
		t.Fatalf("Updated %v then %v", a.Updated, b.Updated)
	}
	// As in Grafana, an omitted enabled means false and jsonData is replaced.
	c, _ := st.update(1, updateCmd{JSONData: map[string]any{"x": 1}})
	d, _ := st.update(1, updateCmd{})
	if c.Enabled || string(d.JSONData) != "{}" {
		t.Fatalf("enabled %v jsonData %s", c.Enabled, d.JSONData)
	}
}

func TestSettingsWriteNeedsAdminAndValidJSON(t *testing.T) {
	tb := newTestBed(t, false, "")
	url := "/api/plugins/warroom-incident-app/settings"
	resp, body := tb.do(t, "Editor:1:e", "POST", url, `{"enabled":true}`)
	wantStatus(t, resp, body, http.StatusForbidden)
	for _, bad := range []string{`{`, `{"enabled":"yes"}`, `{"jsonData":[]}`, `{"secureJsonData":{"a":1}}`, `{"enabeld":true}`, `{} {}`} {
		resp, body = tb.do(t, "Admin:1:a", "POST", url, bad)
		wantStatus(t, resp, body, http.StatusBadRequest)
	}
	resp, body = tb.do(t, "Admin:1:a", "POST", url, `{"enabled":true}`, "Content-Type", "text/plain")
	if resp.StatusCode != http.StatusUnsupportedMediaType && resp.StatusCode != http.StatusOK {
		t.Fatalf("text/plain: %d %s", resp.StatusCode, body)
	}
	var m map[string]any
	if json.Unmarshal(body, &m) != nil {
		t.Fatalf("non-JSON error body %s", body)
	}
}
