package plugin

import (
	"context"
	"net/http"
	"strings"
	"testing"

	"github.com/grafana/grafana-plugin-sdk-go/backend"

	"github.com/warroom/warroom-incident-app/pkg/api"
)

// TestEveryRouteChecksTheRole walks every route of the router (so a new route
// cannot escape) for no user, Viewer, Editor and Admin.
func TestEveryRouteChecksTheRole(t *testing.T) {
	a := testApp(t)
	id, _ := declare(t, a, editor, "role table")
	bodies := map[string]string{
		"POST /incidents":             `{"title":"t","severity":"P3","services":["s"]}`,
		"PATCH /incidents/{id}":       `{"version":1,"status":"identified"}`,
		"POST /incidents/{id}/events": `{"text":"note"}`,
		"POST /admin/demo-data":       `{}`,
	}
	callers := []struct {
		c    caller
		role api.Role
	}{{nobody, api.RoleNone}, {caller{1, "nora", "None"}, api.RoleNone}, {viewer, api.RoleViewer}, {editor, api.RoleEditor}, {admin, api.RoleAdmin}}

	for _, rt := range (&api.API{}).Routes() {
		for _, cl := range callers {
			name := rt.Method + " " + rt.Path + " as " + cl.c.Role
			t.Run(name, func(t *testing.T) {
				path := strings.ReplaceAll(rt.Path, "{id}", id)
				r := call(t, a, cl.c, rt.Method, path, bodies[rt.Method+" "+rt.Path])
				switch {
				case cl.c.Role == "":
					if r.Status != http.StatusUnauthorized || r.errorCode(t) != "unauthenticated" {
						t.Fatalf("want 401 unauthenticated, got %d %s", r.Status, r.Body)
					}
				case cl.role < rt.Role:
					if r.Status != http.StatusForbidden || r.errorCode(t) != "forbidden" {
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
	a := testApp(t)
	id, v := declare(t, a, editor, "org one only")
	other := caller{2, "mallory", "Admin"}
	for _, tc := range []struct{ method, path, body string }{
		{"GET", "/incidents/" + id, ""},
		{"PATCH", "/incidents/" + id, `{"version":1,"status":"resolved"}`},
		{"GET", "/incidents/" + id + "/events", ""},
		{"POST", "/incidents/" + id + "/events", `{"text":"x"}`},
	} {
		if r := call(t, a, other, tc.method, tc.path, tc.body); r.Status != http.StatusNotFound || r.errorCode(t) != "not_found" {
			t.Errorf("%s %s from org 2: want 404, got %d %s", tc.method, tc.path, r.Status, r.Body)
		}
	}
	if got := call(t, a, other, "GET", "/incidents", "").json(t)["total"]; got != float64(0) {
		t.Errorf("org 2 list total = %v, want 0", got)
	}
	// Org 1's incident is untouched by org 2's attempts.
	m := call(t, a, editor, "GET", "/incidents/"+id, "").json(t)
	if m["status"] != "investigating" || int64(m["version"].(float64)) != v {
		t.Errorf("org 1 incident changed: %v", m)
	}
	events := call(t, a, editor, "GET", "/incidents/"+id+"/events", "").json(t)["items"].([]any)
	if len(events) != 1 {
		t.Errorf("org 1 timeline has %d events, want only 'declared'", len(events))
	}
}

func TestHealthAndStartupErrorsRevealNoInternals(t *testing.T) {
	a := testApp(t)
	res, err := a.CheckHealth(context.Background(), &backend.CheckHealthRequest{})
	if err != nil || res.Status != backend.HealthStatusOk || strings.Contains(res.Message, "/") {
		t.Fatalf("health: %+v %v", res, err)
	}
	_, err = NewApp(context.Background(), backend.AppInstanceSettings{
		DecryptedSecureJSONData: map[string]string{"postgresDsn": "postgres://warroom:s3cret@127.0.0.1:1/db?connect_timeout=1"}})
	if err == nil || strings.Contains(err.Error(), "s3cret") || strings.Contains(err.Error(), "127.0.0.1") || strings.Contains(err.Error(), "warroom:") {
		t.Fatalf("startup error leaks connection details: %v", err)
	}
}
