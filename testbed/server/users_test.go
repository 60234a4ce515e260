package main

import (
	"context"
	"errors"
	"path/filepath"
	"strings"
	"testing"

	"github.com/grafana/grafana-plugin-sdk-go/backend"
	"github.com/warroom/warroom-incident-app/pkg/grafanaapi"
)

const iamPluginJSON = `{
  "id": "warroom-incident-app", "type": "app", "name": "Warroom", "executable": "gpx_warroom",
  "info": {"version": "1.2.3"},
  "iam": {"permissions": [
    {"action": "org.users:read", "scope": "users:*"},
    {"action": "teams:read", "scope": "teams:*"},
    {"action": "teams.permissions:read", "scope": "teams:*"}
  ]}
}`

// usersBed is a test bed whose plugin.json has pluginJSON, with the
// externalServiceAccounts toggle as given.
func usersBed(t *testing.T, pluginJSON string, toggle bool) *testBed {
	t.Helper()
	tb := newTestBed(t, false, "")
	write(t, filepath.Join(tb.dist, "plugin.json"), pluginJSON)
	tb.s.cfg.externalServiceAccounts = toggle
	return tb
}

type orgUser struct {
	OrgID  int64  `json:"orgId"`
	UserID int64  `json:"userId"`
	UID    string `json:"uid"`
	Login  string `json:"login"`
	Name   string `json:"name"`
	Email  string `json:"email"`
	Role   string `json:"role"`
}

func logins(us []orgUser) string {
	var l []string
	for _, u := range us {
		l = append(l, u.Login)
	}
	return strings.Join(l, ",")
}

func TestOrgUsersNeedOrgUsersRead(t *testing.T) {
	tb := usersBed(t, iamPluginJSON, false)
	for _, tc := range []struct {
		ident string
		code  int
	}{
		{"", 200},                // docker-compose's anonymous Admin
		{"Admin:1:admin", 200},   // fixed:teams:creator / org users reader: Admin only
		{"Editor:1:editor", 403}, // no org.users:read
		{"Viewer:1:viewer", 403}, //
		{"Viewer:1:", 403},       // anonymous Viewer
		{"None:1:alice", 403},    //
	} {
		resp, body := tb.do(t, tc.ident, "GET", "/api/org/users", "")
		wantStatus(t, resp, body, tc.code)
		if tc.code == 403 && !strings.Contains(string(body), "Permissions needed: org.users:read") {
			t.Fatalf("%s: deny body %s", tc.ident, body)
		}
		lookup := tc.code
		if tc.ident == "None:1:alice" {
			lookup = 200 // SRE's team Admin: teams.permissions:write passes the OSS lookup
		}
		resp, body = tb.do(t, tc.ident, "GET", "/api/org/users/lookup", "")
		wantStatus(t, resp, body, lookup)
	}
	_, body := tb.do(t, "Admin:1:admin", "GET", "/api/org/users", "")
	us := decode[[]orgUser](t, body)
	if got := logins(us); got != "admin,alice,bob,carol,dave,editor,viewer" {
		t.Fatalf("org 1 users %s", got)
	}
	for _, u := range us {
		if u.OrgID != 1 || u.UserID == 0 || u.UID == "" || u.Email == "" || u.Name == "" || u.Role == "" {
			t.Fatalf("incomplete OrgUserDTO %+v", u)
		}
	}
	_, body = tb.do(t, "Admin:1:admin", "GET", "/api/org/users?query=BROWN&limit=5", "")
	if got := logins(decode[[]orgUser](t, body)); got != "bob" {
		t.Fatalf("query by name, case-insensitive: %s", got)
	}
	_, body = tb.do(t, "Admin:1:admin", "GET", "/api/org/users?limit=2", "")
	if got := len(decode[[]orgUser](t, body)); got != 2 {
		t.Fatalf("limit: %d users", got)
	}
	_, body = tb.do(t, "Admin:1:admin", "GET", "/api/org/users/lookup?query=carol", "")
	if !strings.Contains(string(body), `"userId":6`) || strings.Contains(string(body), "email") {
		t.Fatalf("lookup DTO is userId, uid, login, avatarUrl only: %s", body)
	}
}

func TestOrgIsolation(t *testing.T) {
	tb := usersBed(t, iamPluginJSON, false)
	_, body := tb.do(t, "Admin:2:erin", "GET", "/api/org/users", "")
	if got := logins(decode[[]orgUser](t, body)); got != "alice,erin" {
		t.Fatalf("org 2 users %s", got)
	}
	_, body = tb.do(t, "Admin:1:admin", "GET", "/api/org/users?query=erin", "")
	if got := logins(decode[[]orgUser](t, body)); got != "" {
		t.Fatalf("org 2's erin listed for org 1: %s", got)
	}
	resp, body := tb.do(t, "Admin:1:admin", "GET", "/api/teams/3", "")
	wantStatus(t, resp, body, 404) // org 2's team
	_, body = tb.do(t, "Admin:1:admin", "GET", "/api/teams/3/members", "")
	if string(body) != "[]\n" {
		t.Fatalf("org 2's team members for org 1: %s", body)
	}
	_, body = tb.do(t, "Admin:2:erin", "GET", "/api/teams/search", "")
	if !strings.Contains(string(body), "Org 2 Ops") || strings.Contains(string(body), "SRE") {
		t.Fatalf("org 2 teams %s", body)
	}
}

type teamSearch struct {
	TotalCount int `json:"totalCount"`
	Teams      []struct {
		ID          int64  `json:"id"`
		UID         string `json:"uid"`
		OrgID       int64  `json:"orgId"`
		Name        string `json:"name"`
		MemberCount int    `json:"memberCount"`
	} `json:"teams"`
	Page    int `json:"page"`
	PerPage int `json:"perPage"`
}

func TestTeamsByRoleAndMembership(t *testing.T) {
	tb := usersBed(t, iamPluginJSON, false)
	_, body := tb.do(t, "Admin:1:admin", "GET", "/api/teams/search", "")
	ts := decode[teamSearch](t, body)
	if ts.TotalCount != 2 || ts.Page != 1 || ts.PerPage != 1000 || ts.Teams[0].Name != "Payments" || ts.Teams[0].MemberCount != 3 {
		t.Fatalf("admin search %+v", ts)
	}
	_, body = tb.do(t, "Admin:1:admin", "GET", "/api/teams/search?perpage=1&page=2&query=", "")
	if ts := decode[teamSearch](t, body); ts.TotalCount != 2 || len(ts.Teams) != 1 || ts.Teams[0].Name != "SRE" {
		t.Fatalf("paging %+v", ts)
	}
	// A Viewer that is a member of SRE sees SRE only (managed Member
	// permission); one in no team, and the anonymous Viewer, are refused.
	_, body = tb.do(t, "Viewer:1:viewer", "GET", "/api/teams/search", "")
	if ts := decode[teamSearch](t, body); ts.TotalCount != 1 || ts.Teams[0].Name != "SRE" {
		t.Fatalf("viewer search %+v", ts)
	}
	for _, ident := range []string{"Editor:1:editor", "Viewer:1:"} {
		resp, body := tb.do(t, ident, "GET", "/api/teams/search", "")
		wantStatus(t, resp, body, 403)
	}
	resp, body := tb.do(t, "Viewer:1:viewer", "GET", "/api/teams/2", "")
	wantStatus(t, resp, body, 403) // not a member of Payments
	resp, body = tb.do(t, "Viewer:1:viewer", "GET", "/api/teams/1", "")
	wantStatus(t, resp, body, 200)
	resp, body = tb.do(t, "Viewer:1:viewer", "GET", "/api/teams/1/members", "")
	wantStatus(t, resp, body, 403) // members need teams.permissions:read
	resp, body = tb.do(t, "Editor:1:alice", "GET", "/api/teams/1/members", "")
	wantStatus(t, resp, body, 200) // alice is SRE's team Admin
	if !strings.Contains(string(body), `"login":"alice"`) || !strings.Contains(string(body), `"permission":4`) {
		t.Fatalf("members %s", body)
	}
	resp, body = tb.do(t, "Admin:1:admin", "GET", "/api/teams/99", "")
	wantStatus(t, resp, body, 404)
	resp, body = tb.do(t, "Admin:1:admin", "GET", "/api/teams/abc", "")
	wantStatus(t, resp, body, 400)
	resp, body = tb.do(t, "Admin:1:admin", "GET", "/api/users/lookup?loginOrEmail=bob", "")
	wantStatus(t, resp, body, 403) // server admins only
	for _, p := range []string{"/api/org/users/search", "/api/teams/1/preferences", "/api/users"} {
		resp, body = tb.do(t, "Admin:1:admin", "GET", p, "")
		wantStatus(t, resp, body, 404)
	}
}

// TestServiceAccountToken drives grafanaapi.Client against the bed: the
// token works only with iam + toggle, only for the iam permissions, in org 1.
func TestServiceAccountToken(t *testing.T) {
	ctx := context.Background()
	tb := usersBed(t, iamPluginJSON, true)
	c := grafanaapi.Client{BaseURL: tb.srv.URL + "/", Token: tb.s.saToken}

	users, err := c.OrgUsers(ctx, "", 0)
	if err != nil || len(users) != 7 {
		t.Fatalf("OrgUsers %v %v", users, err)
	}
	bob, err := c.UserByLogin(ctx, "bob")
	if err != nil || bob.ID != 5 || bob.Email != "bob@testbed.local" || bob.Name != "Bob Brown" || bob.UID != "u-bob" {
		t.Fatalf("UserByLogin(bob) %+v %v", bob, err)
	}
	if _, err := c.UserByLogin(ctx, "erin"); !errors.Is(err, grafanaapi.ErrNotFound) {
		t.Fatalf("erin is org 2 only: %v", err)
	}
	if _, err := c.UserByLogin(ctx, "al"); !errors.Is(err, grafanaapi.ErrNotFound) {
		t.Fatalf("a substring is not a login: %v", err)
	}
	teams, err := c.Teams(ctx, "sre", 10)
	if err != nil || len(teams) != 1 || teams[0].ID != 1 || teams[0].MemberCount != 3 {
		t.Fatalf("Teams %+v %v", teams, err)
	}
	if team, err := c.Team(ctx, 2); err != nil || team.Name != "Payments" {
		t.Fatalf("Team(2) %+v %v", team, err)
	}
	if _, err := c.Team(ctx, 3); !errors.Is(err, grafanaapi.ErrNotFound) {
		t.Fatalf("org 2's team through org 1's account: %v", err)
	}
	members, err := c.TeamMembers(ctx, 2, 2)
	if err != nil || len(members) != 2 || members[0].Email == "" {
		t.Fatalf("TeamMembers %+v %v", members, err)
	}
	resp, body := tb.do(t, "", "GET", "/api/users/lookup?loginOrEmail=bob", "", "Authorization", "Bearer "+tb.s.saToken)
	wantStatus(t, resp, body, 403)

	// The secret reaches the plugin context, for org 1 and org 2 alike (it
	// is the plugin's, not the org's); the client refuses org 2 itself.
	for _, org := range []int64{1, 2} {
		pc := tb.s.pluginContext(identity{Role: "Viewer", OrgID: org, Login: "bob"})
		if got := pc.GrafanaConfig.Get(backend.AppClientSecret); got != tb.s.saToken {
			t.Fatalf("org %d: secret %q", org, got)
		}
	}

	// Unknown token: 401 everywhere.
	bad := grafanaapi.Client{BaseURL: tb.srv.URL, Token: "glsa_unknown"}
	if _, err := bad.OrgUsers(ctx, "", 1); !errors.Is(err, grafanaapi.ErrUnauthorized) || !strings.Contains(err.Error(), "401") {
		t.Fatalf("unknown token: %v", err)
	}
}

func TestServiceAccountTokenNeedsToggleAndIAM(t *testing.T) {
	ctx := context.Background()
	for _, tc := range []struct {
		name, pluginJSON string
		toggle           bool
	}{
		{"toggle off", iamPluginJSON, false},
		{"no iam", testPluginJSON, true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			tb := usersBed(t, tc.pluginJSON, tc.toggle)
			c := grafanaapi.Client{BaseURL: tb.srv.URL, Token: tb.s.saToken}
			if _, err := c.OrgUsers(ctx, "", 1); !errors.Is(err, grafanaapi.ErrUnauthorized) {
				t.Fatalf("token accepted: %v", err)
			}
			pc := tb.s.pluginContext(identity{Role: "Admin", OrgID: 1, Login: "admin"})
			if got := pc.GrafanaConfig.Get(backend.AppClientSecret); got != "" {
				t.Fatalf("secret sent: %q", got)
			}
		})
	}
}

func TestServiceAccountHasOnlyTheIAMPermissions(t *testing.T) {
	tb := usersBed(t, strings.Replace(iamPluginJSON, `,
    {"action": "teams.permissions:read", "scope": "teams:*"}`, "", 1), true)
	c := grafanaapi.Client{BaseURL: tb.srv.URL, Token: tb.s.saToken}
	if _, err := c.Teams(context.Background(), "", 5); err != nil {
		t.Fatal(err)
	}
	_, err := c.TeamMembers(context.Background(), 1, 5)
	if !errors.Is(err, grafanaapi.ErrUnauthorized) || !strings.Contains(err.Error(), grafanaapi.PermTeamsPermissionsRead) {
		t.Fatalf("members without teams.permissions:read: %v", err)
	}
}
