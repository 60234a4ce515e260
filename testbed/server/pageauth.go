package main

import (
	"encoding/json"
	"net/http"
	"net/url"
	"path/filepath"
	"strings"
)

// Page access, checked by the server before it serves the HTML shell, as
// Grafana's route middlewares do before hs.Index (grafana pkg/api/api.go
// registerRoutes):
//
//   - /a/:id and /a/:id/*: authorize(plugins.app:access) - granted to the
//     Viewer basic role and up by fixed:plugins.app:reader, so role None is
//     refused -, reqSignedIn (the anonymous user passes), then
//     middleware.RoleAppPluginAuth (pkg/middleware/auth.go): the page include
//     of plugin.json whose path equals the URL path needs its role
//     (org.RoleType.Includes: Admin includes all, Editor all but Admin).
//   - /plugins/:id/ (the plugin details and config page):
//     middleware.CanAdminPlugins - org Admins only.
//
// A refusal of a page is accessForbidden (pkg/middleware/auth.go): a 302
// redirect to AppSubUrl + "/", never the page.

// roleIncludes is grafana pkg/services/org RoleType.Includes.
func roleIncludes(have, want string) bool {
	switch have {
	case "Admin":
		return true
	case "Editor":
		return want != "Admin"
	case "Viewer":
		return want == "" || want == "None" || want == "Viewer"
	}
	return want == "" || want == have
}

// pageInclude is a plugin.json includes[] entry as RoleAppPluginAuth reads it.
type pageInclude struct {
	Type   string `json:"type"`
	Path   string `json:"path"`
	Role   string `json:"role"`
	Action string `json:"action"`
}

// normalizeIncludePath is pkg/middleware/auth.go normalizeIncludePath.
func normalizeIncludePath(p string) string {
	return strings.TrimPrefix(filepath.Clean(p), "/")
}

// pageAllowed reports whether id may load the page at path; false means
// Grafana would redirect to "/".
func (s *server) pageAllowed(id identity, path string) bool {
	if rest, ok := strings.CutPrefix(path, "/plugins/"); ok {
		if pid, _, _ := strings.Cut(rest, "/"); pid != "" {
			return id.Role == "Admin"
		}
		return true
	}
	rest, ok := strings.CutPrefix(path, "/a/")
	if !ok {
		return true
	}
	pid, _, _ := strings.Cut(rest, "/")
	if pid == "" {
		return true
	}
	if !id.atLeast("Viewer") {
		return false // no plugins.app:access
	}
	p, _, err := loadPluginJSON(s.cfg.dist)
	if err != nil || p.ID != pid {
		return true // the front end reports an unknown app
	}
	var incs []pageInclude
	_ = json.Unmarshal(p.Includes, &incs)
	want := normalizeIncludePath(path)
	for _, inc := range incs {
		if inc.Type != "page" {
			continue
		}
		u, err := url.Parse(strings.ReplaceAll(inc.Path, "%PLUGIN_ID%", p.ID))
		if err != nil || normalizeIncludePath(u.Path) != want {
			continue
		}
		// RBAC actions on includes are not modelled: the role decides
		// (Grafana checks the action instead when the include has one).
		if !roleIncludes(id.Role, inc.Role) {
			return false
		}
	}
	return true
}

// redirectForbiddenPage answers a refused page load as Grafana's
// accessForbidden does for a non-API request.
func redirectForbiddenPage(w http.ResponseWriter, r *http.Request) {
	http.Redirect(w, r, "/", http.StatusFound)
}
