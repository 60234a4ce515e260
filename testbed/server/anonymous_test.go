package main

import (
	"net/http"
	"testing"
)

// The anonymous user, as Grafana builds it: a cookie with an empty login.
func TestAnonymousSession(t *testing.T) {
	for in, want := range map[string]identity{
		"Viewer:1:": {Role: "Viewer", OrgID: 1},
		"Admin:3:":  {Role: "Admin", OrgID: 3},
		"None:1:":   {Role: "None", OrgID: 1},
	} {
		got, err := parseSession(in)
		if err != nil || got != want || !got.anonymous() {
			t.Errorf("parseSession(%q) = %+v, %v; want anonymous %+v", in, got, err, want)
		}
		// A service account always has a login.
		if _, err := parseIdentity(in); err == nil {
			t.Errorf("parseIdentity(%q) accepted an empty login", in)
		}
	}
	for _, in := range []string{"viewer:1:", "Viewer:0:", "Viewer::", "Viewer:1", ":1:"} {
		if _, err := parseSession(in); err == nil {
			t.Errorf("parseSession(%q) accepted", in)
		}
	}
	if !defaultIdentity.anonymous() || defaultIdentity.Role != "Admin" || defaultIdentity.OrgID != 1 {
		t.Fatalf("the default must be docker-compose's anonymous Admin of org 1, is %+v", defaultIdentity)
	}
	// BackendUserFromSignedInUser of the anonymous identity: a user with
	// only its role (never nil), no login, name or email.
	u := identity{Role: "Viewer", OrgID: 1}.backendUser()
	if u == nil || u.Login != "" || u.Name != "" || u.Email != "" || u.Role != "Viewer" {
		t.Fatalf("backend user %+v", u)
	}
}

func TestAnonymousLoginLink(t *testing.T) {
	tb := newTestBed(t, false, "")
	resp, body := tb.do(t, "", "GET", "/testbed/login?role=Viewer&anonymous=true&next=/d/warroom-timers", "")
	wantStatus(t, resp, body, http.StatusFound)
	var got string
	for _, c := range resp.Cookies() {
		if c.Name == identityCookie {
			got = c.Value
		}
	}
	if got != "Viewer:1:" || resp.Header.Get("Location") != "/d/warroom-timers" {
		t.Fatalf("cookie %q location %q", got, resp.Header.Get("Location"))
	}
	resp, body = tb.do(t, "", "GET", "/testbed/login?role=Viewer&anonymous=true&login=bob", "")
	wantStatus(t, resp, body, http.StatusBadRequest)
}

// bootData.user of the anonymous user is what pkg/api/index.go fills from it.
func TestAnonymousBootData(t *testing.T) {
	tb := newTestBed(t, false, "")
	for ident, role := range map[string]string{"": "Admin", "Viewer:1:": "Viewer"} {
		user := bootOf(t, tb, ident, "/a/warroom-incident-app/incidents")["user"].(map[string]any)
		if user["isSignedIn"] != false || user["login"] != "" || user["name"] != "" || user["email"] != "" ||
			user["id"] != float64(0) || user["uid"] != "" || user["orgId"] != float64(1) || user["orgRole"] != role {
			t.Errorf("cookie %q: user %v", ident, user)
		}
	}
}

// GET /api/annotations?dashboardUID=<unknown> is 400 as in Grafana; a known
// one, or none, is a list. The anonymous user's annotations carry no login.
func TestAnnotationsRefuseAnUnknownDashboard(t *testing.T) {
	tb := newTestBed(t, false, "")
	id := postAnn(t, tb, "Admin:1:", `{"dashboardUID":"warroom-incidents","time":1000,"tags":["anon"],"text":"from a TV"}`)
	got := findAnn(t, tb, "Viewer:1:", "?dashboardUID=warroom-incidents&tags=anon")
	if len(got) != 1 || got[0].ID != id || got[0].Login != "" {
		t.Fatalf("known dashboard: %+v", got)
	}
	resp, body := tb.do(t, "Viewer:1:", "GET", "/api/annotations?dashboardUID=no-such-dashboard&tags=anon", "")
	wantStatus(t, resp, body, http.StatusBadRequest)
	if m := decode[map[string]string](t, body); m["message"] != "Invalid dashboard UID in annotation request" {
		t.Fatalf("message %q", m["message"])
	}
	if got := findAnn(t, tb, "Viewer:1:", "?tags=anon"); len(got) != 1 {
		t.Fatalf("without a dashboard: %+v", got)
	}
}

// A page load the user's role does not allow is redirected to "/", as
// Grafana's RoleAppPluginAuth / CanAdminPlugins do; API calls are not pages.
func TestPageLoadsAreRedirectedByRole(t *testing.T) {
	tb := newTestBed(t, false, "")
	write(t, tb.dist+"/plugin.json", `{
  "id": "warroom-incident-app", "type": "app", "name": "Warroom", "info": {"version": "1.2.3"},
  "includes": [
    {"type": "page", "name": "Incidents", "path": "/a/%PLUGIN_ID%/incidents", "role": "Viewer", "addToNav": true, "defaultNav": true},
    {"type": "page", "name": "Declare", "path": "/a/%PLUGIN_ID%/declare", "role": "Editor", "addToNav": true},
    {"type": "page", "name": "Configuration", "path": "/plugins/%PLUGIN_ID%", "role": "Admin", "addToNav": true}
  ]}`)
	const app = "/a/warroom-incident-app"
	for _, tc := range []struct {
		ident, path string
		allowed     bool
	}{
		{"Viewer:1:", app + "/incidents", true},
		{"Viewer:1:", app + "/incidents/INC-2026-01-01-001", true},
		{"Viewer:1:", app + "/declare", false},
		{"Viewer:1:vera", app + "/declare", false},
		{"Viewer:1:vera", app + "/declare/", false},
		{"Viewer:1:vera", app + "/declare?title=x", false},
		{"Editor:1:", app + "/declare", true},
		{"", app + "/declare", true}, // the anonymous Admin
		{"None:1:", app + "/incidents", false},
		{"None:1:nora", app, false},
		{"Viewer:1:", "/plugins/warroom-incident-app", false},
		{"Editor:1:eddie", "/plugins/warroom-incident-app", false},
		{"Admin:1:", "/plugins/warroom-incident-app", true},
		{"Viewer:1:", "/d/warroom-timers", true},
		{"Viewer:1:", "/d/warroom-incidents", true},
	} {
		resp, body := tb.do(t, tc.ident, "GET", tc.path, "")
		if tc.allowed {
			if resp.StatusCode != http.StatusOK {
				t.Errorf("%q %s: %d, want the page", tc.ident, tc.path, resp.StatusCode)
			}
			continue
		}
		if resp.StatusCode != http.StatusFound || resp.Header.Get("Location") != "/" {
			t.Errorf("%q %s: %d to %q, want 302 to /: %s", tc.ident, tc.path, resp.StatusCode, resp.Header.Get("Location"), body)
		}
	}
}
