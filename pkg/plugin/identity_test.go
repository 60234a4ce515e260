package plugin

import (
	"context"
	"fmt"
	"net/http"
	"strings"
	"testing"

	"github.com/grafana/grafana-plugin-sdk-go/backend"

	"github.com/warroom/warroom-incident-app/pkg/api"
)

// Grafana's anonymous user ([auth.anonymous] enabled) reaches the plugin with
// a user that has no login, name or email, only the anonymous org's id and
// the configured org_role (grafana pkg/services/authn/clients/anonymous.go;
// the plugin context copies it in pkg/services/pluginsintegration/adapters
// BackendUserFromSignedInUser). caller{} with an empty Login is exactly that.
var (
	anonViewer = caller{1, "", "Viewer"}
	anonEditor = caller{1, "", "Editor"}
	anonAdmin  = caller{1, "", "Admin"}
	anonNone   = caller{1, "", "None"}
)

// TestIdentityFromThePluginContext: which plugin contexts are let in, as
// whom, and with which role. Each case goes through CallResource as Grafana
// sends it.
func TestIdentityFromThePluginContext(t *testing.T) {
	a := testApp(t)
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
			r := callContext(t, a, tc.pc, "GET", "/me", "")
			if r.Status != tc.status {
				t.Fatalf("GET /me = %d %s, want %d", r.Status, r.Body, tc.status)
			}
			if tc.me == nil {
				return
			}
			got := r.json(t)
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
func TestAnonymousRolesOnEveryRoute(t *testing.T) {
	a := testApp(t)
	id, _ := declare(t, a, anonEditor, "anonymous role table")
	bodies := map[string]string{
		"POST /incidents":             `{"title":"t","severity":"P3","services":["s"]}`,
		"PATCH /incidents/{id}":       `{"version":1,"status":"identified"}`,
		"POST /incidents/{id}/events": `{"text":"note"}`,
		"POST /admin/demo-data":       `{}`,
	}
	callers := []struct {
		c    caller
		role api.Role
	}{{anonNone, api.RoleNone}, {anonViewer, api.RoleViewer}, {anonEditor, api.RoleEditor}, {anonAdmin, api.RoleAdmin}}
	for _, rt := range (&api.API{}).Routes() {
		for _, cl := range callers {
			t.Run(rt.Method+" "+rt.Path+" as anonymous "+cl.c.Role, func(t *testing.T) {
				r := call(t, a, cl.c, rt.Method, strings.ReplaceAll(rt.Path, "{id}", id), bodies[rt.Method+" "+rt.Path])
				if cl.role < rt.Role {
					if r.Status != http.StatusForbidden || r.errorCode(t) != "forbidden" {
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
	a := testApp(t)
	id, v := declare(t, a, anonAdmin, "declared anonymously")
	inc := call(t, a, anonViewer, "GET", "/incidents/"+id, "").json(t)
	if inc["createdBy"] != api.AnonymousAuthor {
		t.Errorf("createdBy = %v", inc["createdBy"])
	}
	r := call(t, a, anonAdmin, "PATCH", "/incidents/"+id,
		fmt.Sprintf(`{"version":%d,"completeSteps":["acknowledge"],"checklist":{"acknowledge":true}}`, v))
	if r.Status != http.StatusOK {
		t.Fatalf("acknowledge: %d %s", r.Status, r.Body)
	}
	details := r.json(t)["details"].(map[string]any)
	if by := details["steps"].(map[string]any)["acknowledge"].(map[string]any)["by"]; by != api.AnonymousAuthor {
		t.Errorf("step acknowledge by %v", by)
	}
	for _, item := range details["checklist"].([]any) {
		if m := item.(map[string]any); m["id"] == "acknowledge" && m["by"] != api.AnonymousAuthor {
			t.Errorf("checklist tick by %v", m["by"])
		}
	}
	if r := call(t, a, anonAdmin, "POST", "/incidents/"+id+"/events", `{"text":"seen on the TV"}`); r.Status != http.StatusCreated {
		t.Fatalf("note: %d %s", r.Status, r.Body)
	}
	events := call(t, a, anonViewer, "GET", "/incidents/"+id+"/events", "").json(t)["items"].([]any)
	if len(events) < 3 {
		t.Fatalf("want declared, step, checklist and note events, got %v", events)
	}
	for _, e := range events {
		if m := e.(map[string]any); m["author"] != api.AnonymousAuthor {
			t.Errorf("event %v %v by %q", m["seq"], m["kind"], m["author"])
		}
	}
}

// TestAnonymousViewerSubscribesToTheLiveStream: the Live channel admits the
// anonymous user by its role, like the resource routes.
func TestAnonymousViewerSubscribesToTheLiveStream(t *testing.T) {
	a := testApp(t)
	id, _ := declare(t, a, editor, "watched on a TV")
	for _, tc := range []struct {
		who  caller
		want backend.SubscribeStreamStatus
	}{
		{anonViewer, backend.SubscribeStreamStatusOK},
		{anonAdmin, backend.SubscribeStreamStatusOK},
		{anonNone, backend.SubscribeStreamStatusPermissionDenied},
		{caller{0, "", "Viewer"}, backend.SubscribeStreamStatusPermissionDenied},
		{nobody, backend.SubscribeStreamStatusPermissionDenied},
	} {
		pc := pluginContext(tc.who)
		res, err := a.SubscribeStream(backend.WithPluginContext(context.Background(), pc),
			&backend.SubscribeStreamRequest{PluginContext: pc, Path: "incident/" + id})
		if err != nil || res.Status != tc.want {
			t.Errorf("%+v: status %v, %v; want %v", tc.who, res.Status, err, tc.want)
		}
	}
}
