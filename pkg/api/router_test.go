package api_test

import (
	"net/http"
	"strings"
	"testing"

	"github.com/warroom/warroom-incident-app/pkg/api"
	"github.com/warroom/warroom-incident-app/pkg/api/apitest"
)

// roleTableBodies are valid bodies of the routes that need one to pass
// input checks, so an allowed call is not refused for its body.
var roleTableBodies = map[string]string{
	"POST /incidents":             `{"title":"t","severity":"P3","services":["s"]}`,
	"PATCH /incidents/{id}":       `{"version":1,"status":"identified"}`,
	"POST /incidents/{id}/events": `{"text":"note"}`,
	"POST /admin/demo-data":       `{}`,
}

// TestEveryRouteChecksTheRole walks every route of the router (so a new route
// cannot escape) for no user, Viewer, Editor and Admin.
func TestEveryRouteChecksTheRole(t *testing.T) {
	a := apitest.New(t)
	id, _ := a.Declare(t, apitest.Editor, "role table")
	callers := []struct {
		c    apitest.Caller
		role api.Role
	}{{apitest.Nobody, api.RoleNone}, {apitest.Caller{OrgID: 1, Login: "nora", Role: "None"}, api.RoleNone}, {apitest.Viewer, api.RoleViewer}, {apitest.Editor, api.RoleEditor}, {apitest.Admin, api.RoleAdmin}}

	for _, rt := range (&api.API{}).Routes() {
		for _, cl := range callers {
			name := rt.Method + " " + rt.Path + " as " + cl.c.Role
			t.Run(name, func(t *testing.T) {
				path := strings.ReplaceAll(rt.Path, "{id}", id)
				r := a.Call(t, cl.c, rt.Method, path, roleTableBodies[rt.Method+" "+rt.Path])
				switch {
				case cl.c.Role == "":
					if r.Status != http.StatusUnauthorized || r.ErrorCode(t) != "unauthenticated" {
						t.Fatalf("want 401 unauthenticated, got %d %s", r.Status, r.Body)
					}
				case cl.role < rt.Role:
					if r.Status != http.StatusForbidden || r.ErrorCode(t) != "forbidden" {
						t.Fatalf("want 403 forbidden, got %d %s", r.Status, r.Body)
					}
				default:
					// Allowed: anything but an auth error (a PATCH may 409 after an earlier one).
					if r.Status == http.StatusUnauthorized || r.Status == http.StatusForbidden || r.Status >= 500 {
						t.Fatalf("want access, got %d %s", r.Status, r.Body)
					}
				}
			})
		}
	}
}

func TestOrgsCannotSeeOrChangeEachOther(t *testing.T) {
	a := apitest.New(t)
	id, v := a.Declare(t, apitest.Editor, "org one only")
	other := apitest.Caller{OrgID: 2, Login: "mallory", Role: "Admin"}
	for _, tc := range []struct{ method, path, body string }{
		{"GET", "/incidents/" + id, ""},
		{"PATCH", "/incidents/" + id, `{"version":1,"status":"resolved"}`},
		{"GET", "/incidents/" + id + "/events", ""},
		{"POST", "/incidents/" + id + "/events", `{"text":"x"}`},
	} {
		if r := a.Call(t, other, tc.method, tc.path, tc.body); r.Status != http.StatusNotFound || r.ErrorCode(t) != "not_found" {
			t.Errorf("%s %s from org 2: want 404, got %d %s", tc.method, tc.path, r.Status, r.Body)
		}
	}
	if got := a.Call(t, other, "GET", "/incidents", "").JSON(t)["total"]; got != float64(0) {
		t.Errorf("org 2 list total = %v, want 0", got)
	}
	// Org 1's incident is untouched by org 2's attempts.
	m := a.Call(t, apitest.Editor, "GET", "/incidents/"+id, "").JSON(t)
	if m["status"] != "investigating" || int64(m["version"].(float64)) != v {
		t.Errorf("org 1 incident changed: %v", m)
	}
	events := a.Call(t, apitest.Editor, "GET", "/incidents/"+id+"/events", "").JSON(t)["items"].([]any)
	if len(events) != 1 {
		t.Errorf("org 1 timeline has %d events, want only 'declared'", len(events))
	}
}
