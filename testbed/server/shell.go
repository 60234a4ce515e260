package main

import (
	"bytes"
	"encoding/json"
	"errors"
	"net/http"
	"os"
	"path"
	"path/filepath"
	"strings"
)

const bootPlaceholder = "/*BOOTDATA*/"

// bootData builds window.grafanaBootData for the identity: the host's
// bootdata.json template, then the user (pkg/api/index.go setIndexViewData
// fills the same fields from the signed-in user), the app entry of
// settings.apps (pkg/api/frontendsettings.go, only for apps enabled in the
// org) and the Prometheus data source.
func (s *server) bootData(id identity) (map[string]any, error) {
	boot := map[string]any{}
	if err := loadJSON(filepath.Join(s.cfg.hostDir, "bootdata.json"), &boot); err != nil {
		return nil, err
	}
	// The anonymous user (pkg/services/authn/clients/anonymous.go) has no
	// id, uid, login, name or email and is not signed in
	// (contexthandler.go: IsSignedIn = !IsAnonymous); index.go copies
	// those as they are (Name falls back to the empty Login), so
	// bootData.user.login is "" and isSignedIn false, with the anonymous
	// org and org_role.
	user := objectAt(boot, "user")
	user["id"] = id.userID()
	user["uid"] = id.uid()
	user["login"] = id.Login
	user["name"] = id.name()
	user["email"] = id.email()
	user["orgId"] = id.OrgID
	user["orgName"] = orgName(id.OrgID)
	user["orgRole"] = id.Role
	user["isSignedIn"] = !id.anonymous()
	user["isGrafanaAdmin"] = false

	settings := objectAt(boot, "settings")
	for id, panel := range s.bootPanels() {
		objectAt(settings, "panels")[id] = panel
	}
	apps := objectAt(settings, "apps")
	p, _, err := loadPluginJSON(s.cfg.dist)
	if err != nil {
		s.log.Warn("plugin.json", "error", err)
	}
	if s.settings.get(id.OrgID).Enabled {
		apps[p.ID] = map[string]any{
			"id":              p.ID,
			"path":            "/public/plugins/" + p.ID + "/module.js",
			"version":         p.version,
			"preload":         p.Preload,
			"angular":         map[string]any{"detected": false},
			"extensions":      p.extensions(),
			"dependencies":    p.dependencies(),
			"loadingStrategy": "script",
		}
	} else {
		delete(apps, p.ID)
	}
	if ds, ok := s.bootIncidentsDatasource(); ok {
		objectAt(settings, "datasources")[incidentsName] = ds
	}
	if s.prom != nil {
		objectAt(settings, "datasources")[promName] = bootDatasource()
		if _, ok := settings["defaultDatasource"]; !ok {
			settings["defaultDatasource"] = promName
		}
	}
	return boot, nil
}

// objectAt returns m[key] as an object, creating it when absent or not one.
func objectAt(m map[string]any, key string) map[string]any {
	if v, ok := m[key].(map[string]any); ok {
		return v
	}
	v := map[string]any{}
	m[key] = v
	return v
}

// handleShell serves the host's index.html with bootData injected, for
// every page path (CONTRACT.md "HTML shell").
func (s *server) handleShell(w http.ResponseWriter, r *http.Request) {
	if r.Method != http.MethodGet && r.Method != http.MethodHead {
		w.Header().Set("Allow", "GET, HEAD")
		http.Error(w, "method not allowed", http.StatusMethodNotAllowed)
		return
	}
	id, err := identityFrom(r)
	if err != nil {
		http.Error(w, "invalid "+identityCookie+" cookie: "+err.Error()+" — visit /testbed/login", http.StatusBadRequest)
		return
	}
	if !s.pageAllowed(id, r.URL.Path) {
		redirectForbiddenPage(w, r) // pageauth.go
		return
	}
	page, err := os.ReadFile(filepath.Join(s.cfg.hostDir, "index.html"))
	if err != nil {
		s.log.Error("host index.html", "error", err)
		http.Error(w, "test bed host is not built: "+err.Error(), http.StatusInternalServerError)
		return
	}
	boot, err := s.bootData(id)
	if err != nil {
		s.log.Error("bootdata.json", "error", err)
		http.Error(w, "bootdata.json: "+err.Error(), http.StatusInternalServerError)
		return
	}
	// json.Marshal escapes <, > and &, so the JSON cannot close the <script>.
	b, err := json.Marshal(boot)
	if err != nil {
		http.Error(w, err.Error(), http.StatusInternalServerError)
		return
	}
	if !bytes.Contains(page, []byte(bootPlaceholder)) {
		s.log.Warn("index.html has no " + bootPlaceholder + " placeholder")
	}
	page = bytes.Replace(page, []byte(bootPlaceholder), b, 1)
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.Header().Set("Cache-Control", "no-store")
	_, _ = w.Write(page)
}

// staticFiles serves dir under prefix. Dotfiles and, when hideGpx is set,
// the plugin's gpx_ executables are never served. Grafana serves plugin
// assets with caching; the test bed says no-cache so a rebuilt dist shows
// at once (Grafana's dev mode does the same).
func (s *server) staticFiles(prefix, dir string, hideGpx bool) http.Handler {
	fs := http.StripPrefix(prefix, http.FileServer(http.Dir(dir)))
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		rel := strings.TrimPrefix(path.Clean(r.URL.Path), prefix)
		for _, part := range strings.Split(rel, "/") {
			if strings.HasPrefix(part, ".") || (hideGpx && strings.HasPrefix(part, "gpx_")) {
				http.NotFound(w, r)
				return
			}
		}
		if strings.HasSuffix(r.URL.Path, "/") {
			// No directory listings.
			http.NotFound(w, r)
			return
		}
		if _, err := os.Stat(filepath.Join(dir, filepath.FromSlash(rel))); errors.Is(err, os.ErrNotExist) { // #nosec G703 -- rel is path.Clean-ed and dot segments are refused above
			http.NotFound(w, r)
			return
		}
		w.Header().Set("Cache-Control", "no-cache")
		fs.ServeHTTP(w, r)
	})
}
