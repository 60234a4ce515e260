package main

import (
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strings"

	"github.com/warroom/warroom-incident-app/testbed/grafanahost"
)

const pluginID = grafanahost.PluginID

// pluginJSON is the part of dist/plugin.json the server reads; nested
// objects stay raw so they reach the front end exactly as written.
type pluginJSON struct {
	ID           string          `json:"id"`
	Type         string          `json:"type"`
	Name         string          `json:"name"`
	Executable   string          `json:"executable"`
	Preload      bool            `json:"preload"`
	AutoEnabled  bool            `json:"autoEnabled"`
	Info         json.RawMessage `json:"info"`
	Includes     json.RawMessage `json:"includes"`
	Dependencies json.RawMessage `json:"dependencies"`
	Extensions   json.RawMessage `json:"extensions"`
	version      string
}

type include struct {
	Name       string `json:"name"`
	Path       string `json:"path"`
	Type       string `json:"type"`
	DefaultNav bool   `json:"defaultNav"`
}

// loadPluginJSON reads <dist>/plugin.json on every call, so a rebuilt dist is
// picked up without restarting the server. A missing file gives a minimal
// meta and an error the caller logs.
func loadPluginJSON(dist string) (pluginJSON, json.RawMessage, error) {
	minimal := pluginJSON{ID: pluginID, Type: "app", Name: "Warroom", Executable: "gpx_warroom"}
	b, err := os.ReadFile(filepath.Join(dist, "plugin.json")) // #nosec G703 -- dist is the test bed's own -dist flag
	if errors.Is(err, os.ErrNotExist) {
		return minimal, nil, fmt.Errorf("no plugin.json in %s: build the front end first", dist)
	}
	if err != nil {
		return minimal, nil, err
	}
	var p pluginJSON
	if err := json.Unmarshal(b, &p); err != nil {
		return minimal, nil, fmt.Errorf("plugin.json: %w", err)
	}
	if p.ID != pluginID {
		return minimal, nil, fmt.Errorf("plugin.json id is %q, want %q", p.ID, pluginID)
	}
	var info struct {
		Version string `json:"version"`
	}
	_ = json.Unmarshal(p.Info, &info)
	p.version = info.Version
	return p, b, nil
}

// orJSON returns v, or fallback when the field was absent.
func orJSON(v json.RawMessage, fallback string) json.RawMessage {
	if len(v) == 0 || string(v) == "null" {
		return json.RawMessage(fallback)
	}
	return v
}

var slugRe = regexp.MustCompile(`[^a-z0-9]+`)

// defaultNavURL follows Grafana's app nav logic: the defaultNav include's
// path when it has one, else /plugins/<id>/page/<slug(name)>.
func (p pluginJSON) defaultNavURL() string {
	var incs []include
	_ = json.Unmarshal(p.Includes, &incs)
	for _, inc := range incs {
		if !inc.DefaultNav {
			continue
		}
		if inc.Path != "" {
			return strings.ReplaceAll(inc.Path, "%PLUGIN_ID%", p.ID)
		}
		return "/plugins/" + p.ID + "/page/" + strings.Trim(slugRe.ReplaceAllString(strings.ToLower(inc.Name), "-"), "-")
	}
	return "/plugins/" + p.ID + "/"
}

// findBinary applies Grafana's rule: <dist>/<executable>_<os>_<arch>.
func findBinary(dist string, p pluginJSON) (string, error) {
	exe := p.Executable
	if exe == "" {
		exe = "gpx_warroom"
	}
	path := filepath.Join(dist, grafanahost.ExecutableName(exe))
	if _, err := os.Stat(path); err != nil { // #nosec G703 -- dist is the test bed's own -dist flag
		return "", fmt.Errorf("plugin binary %s: %w", path, err)
	}
	return path, nil
}

// extensions returns plugin.json "extensions" with every list Grafana's
// loader always fills (pkg/plugins/plugins.go Extensions) present, so the
// front end's registries never meet undefined where Grafana gives [].
func (p pluginJSON) extensions() map[string]any {
	m := map[string]any{}
	_ = json.Unmarshal(p.Extensions, &m)
	for _, k := range []string{"addedLinks", "addedComponents", "exposedComponents", "extensionPoints", "addedFunctions"} {
		if _, ok := m[k].([]any); !ok {
			m[k] = []any{}
		}
	}
	return m
}

// dependencies is plugin.json "dependencies" with Grafana's defaults:
// plugins: [] and extensions.exposedComponents: [].
func (p pluginJSON) dependencies() map[string]any {
	m := map[string]any{}
	_ = json.Unmarshal(p.Dependencies, &m)
	if _, ok := m["plugins"].([]any); !ok {
		m["plugins"] = []any{}
	}
	ext, ok := m["extensions"].(map[string]any)
	if !ok {
		ext = map[string]any{}
		m["extensions"] = ext
	}
	if _, ok := ext["exposedComponents"].([]any); !ok {
		ext["exposedComponents"] = []any{}
	}
	return m
}
