package main

import (
	"encoding/json"
	"fmt"
	"io/fs"
	"net/http"
	"os"
	"path"
	"path/filepath"
	"regexp"
	"sort"
)

// nestedPlugin is a plugin.json found below dist/ (not dist/plugin.json): a
// panel or data source the app ships, as Grafana's loader finds it. Grafana
// walks the app's directory for every plugin.json
// (pkg/plugins/manager/sources/source_local_disk.go), records the app as the
// child's parent, and builds the child's URLs from the parent's id and the
// child's directory relative to it (pkg/plugins/manager/loader/assetpath/
// asset_path.go Base and Module).
type nestedPlugin struct {
	pluginJSON
	SkipDataQuery bool   `json:"skipDataQuery"`
	HideFromList  bool   `json:"hideFromList"`
	State         string `json:"state"`
	// rel is the child's directory relative to dist, with slashes ("panels/timers").
	rel string
}

// baseURL is public/plugins/<app id>/<rel> (asset_path.go Base, parent case).
func (n nestedPlugin) baseURL() string { return path.Join("public/plugins", pluginID, n.rel) }

// moduleURL is public/plugins/<app id>/<rel>/module.js (asset_path.go Module).
func (n nestedPlugin) moduleURL() string { return path.Join(n.baseURL(), "module.js") }

// dir is the child's directory on disk; Grafana serves its assets from it.
func (n nestedPlugin) dir(dist string) string { return filepath.Join(dist, filepath.FromSlash(n.rel)) }

var pluginIDRe = regexp.MustCompile(`^[a-z0-9]+(-[a-z0-9]+)*-(panel|datasource|app)$`)

// findNestedPlugins reads every plugin.json below dist on each call, so a
// rebuilt dist is picked up without a restart. A plugin.json Grafana would
// refuse to load (no id, a type other than panel/datasource, an id that is
// not <org>-<name>-<type>, an id used twice) is skipped and reported, as
// Grafana logs a plugin error and goes on without it.
func findNestedPlugins(dist string) ([]nestedPlugin, []error) {
	var found []nestedPlugin
	var problems []error
	seen := map[string]string{pluginID: "."}
	_ = filepath.WalkDir(dist, func(p string, d fs.DirEntry, err error) error { // #nosec G703 -- dist is the test bed's own -dist flag
		if err != nil {
			problems = append(problems, err)
			return nil
		}
		if d.IsDir() || d.Name() != "plugin.json" || filepath.Dir(p) == filepath.Clean(dist) {
			return nil
		}
		rel, _ := filepath.Rel(dist, filepath.Dir(p))
		rel = filepath.ToSlash(rel)
		n, err := readNested(p)
		switch {
		case err != nil:
			problems = append(problems, fmt.Errorf("%s: %w", rel, err))
		case seen[n.ID] != "":
			problems = append(problems, fmt.Errorf("%s: plugin id %q is already used by %s", rel, n.ID, seen[n.ID]))
		default:
			n.rel = rel
			seen[n.ID] = rel
			found = append(found, n)
		}
		return nil
	})
	sort.Slice(found, func(i, j int) bool { return found[i].ID < found[j].ID })
	return found, problems
}

func readNested(file string) (nestedPlugin, error) {
	b, err := os.ReadFile(file)
	if err != nil {
		return nestedPlugin{}, err
	}
	var n nestedPlugin // the embedded pluginJSON's fields decode too
	if err := json.Unmarshal(b, &n); err != nil {
		return nestedPlugin{}, fmt.Errorf("plugin.json: %w", err)
	}
	switch {
	case n.ID == "" || n.Name == "":
		return nestedPlugin{}, fmt.Errorf("plugin.json needs id and name")
	case n.Type != "panel" && n.Type != "datasource":
		return nestedPlugin{}, fmt.Errorf("plugin %s: an app can nest panels and data sources, not %q", n.ID, n.Type)
	case !pluginIDRe.MatchString(n.ID) || path.Base(n.ID) != n.ID:
		return nestedPlugin{}, fmt.Errorf("plugin id %q is not <org>-<name>-<type>", n.ID)
	}
	var info struct {
		Version string `json:"version"`
	}
	_ = json.Unmarshal(n.Info, &info)
	n.version = info.Version
	return n, nil
}

// nestedByID finds one nested plugin, logging what Grafana would log for the rest.
func (s *server) nestedByID(id string) (nestedPlugin, bool) {
	found, problems := findNestedPlugins(s.cfg.dist)
	for _, err := range problems {
		s.log.Warn("nested plugin skipped", "error", err)
	}
	for _, n := range found {
		if n.ID == id {
			return n, true
		}
	}
	return nestedPlugin{}, false
}

// bootPanels is settings.panels of bootData for the nested panels: the
// PanelDTO of pkg/api/frontendsettings.go getFrontendSettings (pkg/plugins/
// models.go PanelDTO). Grafana lists a panel whatever its app's enabled state
// (availablePlugins keeps every panel with a settings entry, and
// pluginSettings gives one to every plugin), so the test bed does too.
func (s *server) bootPanels() map[string]any {
	found, problems := findNestedPlugins(s.cfg.dist)
	for _, err := range problems {
		s.log.Warn("nested plugin skipped", "error", err)
	}
	panels := map[string]any{}
	for _, n := range found {
		if n.Type != "panel" {
			continue
		}
		panels[n.ID] = map[string]any{
			"id":              n.ID,
			"name":            n.Name,
			"info":            n.infoWithLogos(),
			"hideFromList":    n.HideFromList,
			"sort":            100, // getPanelSort: every panel not in Grafana's own list
			"skipDataQuery":   n.SkipDataQuery,
			"state":           n.State,
			"baseUrl":         n.baseURL(),
			"signature":       "unsigned",
			"module":          n.moduleURL(),
			"angular":         map[string]any{"detected": false},
			"loadingStrategy": "script",
		}
	}
	return panels
}

// infoWithLogos is plugin.json info with logo paths made URLs the way
// Grafana's loader does (asset_path.go RelativeURL: joined onto the base URL).
func (n nestedPlugin) infoWithLogos() map[string]any {
	info := map[string]any{}
	_ = json.Unmarshal(n.Info, &info)
	if logos, ok := info["logos"].(map[string]any); ok {
		for k, v := range logos {
			if s, ok := v.(string); ok && s != "" {
				logos[k] = path.Join(n.baseURL(), s)
			}
		}
	}
	return info
}

// handleNestedAssets serves /public/plugins/<child id>/* from the child's
// directory, as Grafana's plugin asset route does for any installed plugin
// (pkg/api/plugins.go getPluginAssets); the app's own id has a more specific
// route. Unknown ids are 404.
func (s *server) handleNestedAssets(w http.ResponseWriter, r *http.Request) {
	n, ok := s.nestedByID(r.PathValue("pluginId"))
	if !ok {
		http.NotFound(w, r)
		return
	}
	prefix := "/public/plugins/" + n.ID + "/"
	s.staticFiles(prefix, n.dir(s.cfg.dist), true).ServeHTTP(w, r)
}

// handleNestedSettings answers GET /api/plugins/<child id>/settings with the
// PluginSetting DTO (pkg/api/plugins.go GetPluginSettingByID): for a panel or
// data source nothing is enabled unless a settings row says so (only apps
// take AutoEnabled), and no row exists for children here.
func (s *server) handleNestedSettings(w http.ResponseWriter, r *http.Request) {
	if _, ok := withIdentity(w, r); !ok {
		return
	}
	n, ok := s.nestedByID(r.PathValue("pluginId"))
	if !ok {
		apiError(w, http.StatusNotFound, "Plugin not found, no installed plugin with that id")
		return
	}
	writeJSON(w, http.StatusOK, map[string]any{
		"name":             n.Name,
		"type":             n.Type,
		"id":               n.ID,
		"enabled":          false,
		"pinned":           false,
		"autoEnabled":      false,
		"module":           n.moduleURL(),
		"baseUrl":          n.baseURL(),
		"info":             n.infoWithLogos(),
		"includes":         orJSON(n.Includes, "null"),
		"dependencies":     n.dependencies(),
		"extensions":       n.extensions(),
		"jsonData":         nil,
		"secureJsonFields": map[string]bool{},
		"defaultNavUrl":    "/plugins/" + n.ID + "/",
		"latestVersion":    "",
		"hasUpdate":        false,
		"state":            n.State,
		"signature":        "unsigned",
		"signatureType":    "",
		"signatureOrg":     "",
		"angularDetected":  false,
		"loadingStrategy":  "script",
	})
}
