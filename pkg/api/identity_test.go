package api_test

import (
	"fmt"
	"net/http"
	"strings"
	"testing"

	"github.com/grafana/grafana-plugin-sdk-go/backend"

	"github.com/warroom/warroom-incident-app/pkg/api"
	"github.com/warroom/warroom-incident-app/pkg/api/apitest"
)

// TestIdentityFromThePluginContext: which plugin contexts are let in, as
// whom, and with which role. Each case goes through CallResource as Grafana
// sends it.
func TestIdentityFromThePluginContext(t *testing.T) {
	a := apitest.New(t)
	for _, tc := range []struct {
		name   string
		pc     backend.PluginContext
		status int
		me     map[string]any
	}{
		{"no user", backend.PluginContext{OrgID: 1}, http.StatusUnauthorized, nil},
		{"user without an org", backend.PluginContext{User: &backend.User{Login: "vera", Role: "Viewer"}}, http.StatusUnauthorized, nil},
		{"anonymous without an org", backend.PluginContext{User: &backend.User{Role: "Admin"}}, http.StatusUnauthorized, nil},
		{"signed-in viewer", backend.PluginContext{OrgID: 1, User: &backend.User{Login: "vera", Name: "Vera", Email: "v@x", Role: "Viewer"}},
			http.StatusOK, map[string]any{"login": "vera", "name": "Vera", "role": "Viewer", "orgId": 1.0, "anonymous": false, "author": "vera"}},
		{"anonymous viewer", backend.PluginContext{OrgID: 1, User: &backend.User{Role: "Viewer"}},
			http.StatusOK, map[string]any{"login": "", "name": "", "role": "Viewer", "orgId": 1.0, "anonymous": true, "author": api.AnonymousAuthor}},
		{"anonymous admin of org 3", backend.PluginContext{OrgID: 3, User: &backend.User{Role: "Admin"}},
			http.StatusOK, map[string]any{"login": "", "name": "", "role": "Admin", "orgId": 3.0, "anonymous": true, "author": api.AnonymousAuthor}},
		{"anonymous with role None", backend.PluginContext{OrgID: 1, User: &backend.User{Role: "None"}}, http.StatusForbidden, nil},
		{"anonymous with no role at all", backend.PluginContext{OrgID: 1, User: &backend.User{}}, http.StatusForbidden, nil},
		{"anonymous with an unknown role", backend.PluginContext{OrgID: 1, User: &backend.User{Role: "Owner"}}, http.StatusForbidden, nil},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r := a.CallContext(t, tc.pc, "GET", "/me", "", nil)
			if r.Status != tc.status {
				t.Fatalf("GET /me = %d %s, want %d", r.Status, r.Body, tc.status)
			}
			if tc.me == nil {
				return
			}
			got := r.JSON(t)
			for k, want := range tc.me {
				if got[k] != want {
					t.Errorf("me.%s = %#v, want %#v", k, got[k], want)
				}
			}
		})
	}
}

// TestAnonymousRolesOnEveryRoute walks every route as the anonymous user with
// each org role: the role decides, exactly as for a signed-in user.
// needsLogin are the routes about the caller's own person: the anonymous
// user has no login, so there is nobody to page (docs/oncall.md).
var needsLogin = map[string]bool{
	"GET /oncall/contact-methods":                  true,
	"PUT /oncall/contact-methods/{methodId}":       true,
	"DELETE /oncall/contact-methods/{methodId}":    true,
	"POST /oncall/contact-methods/{methodId}/test": true,
}

func TestAnonymousRolesOnEveryRoute(t *testing.T) {
	a := apitest.New(t)
	id, _ := a.Declare(t, apitest.Anonymous("Editor"), "anonymous role table")
	callers := []struct {
		c    apitest.Caller
		role api.Role
	}{{apitest.Anonymous("None"), api.RoleNone}, {apitest.Anonymous("Viewer"), api.RoleViewer}, {apitest.Anonymous("Editor"), api.RoleEditor}, {apitest.Anonymous("Admin"), api.RoleAdmin}}
	for _, rt := range (&api.API{}).Routes() {
		for _, cl := range callers {
			t.Run(rt.Method+" "+rt.Path+" as anonymous "+cl.c.Role, func(t *testing.T) {
				r := a.Call(t, cl.c, rt.Method, strings.ReplaceAll(rt.Path, "{id}", id), roleTableBodies[rt.Method+" "+rt.Path])
				if cl.role < rt.Role || needsLogin[rt.Method+" "+rt.Path] {
					if r.Status != http.StatusForbidden || r.ErrorCode(t) != "forbidden" {
						t.Fatalf("want 403 forbidden, got %d %s", r.Status, r.Body)
					}
					return
				}
				if r.Status == http.StatusUnauthorized || r.Status == http.StatusForbidden || r.Status >= 500 {
					t.Fatalf("want access, got %d %s", r.Status, r.Body)
				}
			})
		}
	}
}

// TestAnonymousAuthorOnTheTimeline: everything an anonymous Admin does is
// recorded as "Anonymous", never as an empty author.
func TestAnonymousAuthorOnTheTimeline(t *testing.T) {
	a := apitest.New(t)
	id, v := a.Declare(t, apitest.Anonymous("Admin"), "declared anonymously")
	inc := a.Call(t, apitest.Anonymous("Viewer"), "GET", "/incidents/"+id, "").JSON(t)
	if inc["createdBy"] != api.AnonymousAuthor {
		t.Errorf("createdBy = %v", inc["createdBy"])
	}
	r := a.Call(t, apitest.Anonymous("Admin"), "PATCH", "/incidents/"+id,
		fmt.Sprintf(`{"version":%d,"completeSteps":["acknowledge"],"checklist":{"acknowledge":true}}`, v))
	if r.Status != http.StatusOK {
		t.Fatalf("acknowledge: %d %s", r.Status, r.Body)
	}
	details := r.JSON(t)["details"].(map[string]any)
	if by := details["steps"].(map[string]any)["acknowledge"].(map[string]any)["by"]; by != api.AnonymousAuthor {
		t.Errorf("step acknowledge by %v", by)
	}
	for _, item := range details["checklist"].([]any) {
		if m := item.(map[string]any); m["id"] == "acknowledge" && m["by"] != api.AnonymousAuthor {
			t.Errorf("checklist tick by %v", m["by"])
		}
	}
	if r := a.Call(t, apitest.Anonymous("Admin"), "POST", "/incidents/"+id+"/events", `{"text":"seen on the TV"}`); r.Status != http.StatusCreated {
		t.Fatalf("note: %d %s", r.Status, r.Body)
	}
	events := a.Call(t, apitest.Anonymous("Viewer"), "GET", "/incidents/"+id+"/events", "").JSON(t)["items"].([]any)
	if len(events) < 3 {
		t.Fatalf("want declared, step, checklist and note events, got %v", events)
	}
	for _, e := range events {
		if m := e.(map[string]any); m["author"] != api.AnonymousAuthor {
			t.Errorf("event %v %v by %q", m["seq"], m["kind"], m["author"])
		}
	}
}
