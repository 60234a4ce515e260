package main

import (
	"crypto/rand"
	"crypto/subtle"
	"encoding/hex"
	"net/http"
	"sort"
	"strconv"
	"strings"

	"github.com/warroom/warroom-incident-app/testbed/grafanahost"
)

// Grafana's users and teams API, as far as Warroom calls it (grafana
// pkg/api/api.go registerRoutes; pkg/api/org_users.go;
// pkg/services/team/teamapi/team.go, team_members.go). Every route is
// authorised the way Grafana's accesscontrol middleware does
// (authorize(ac.EvalPermission(action[, scope]))) from the caller's
// permissions:
//
//   - a session user: its org role's basic-role permissions
//     (pkg/api/roles.go declareFixedRoles: fixed:teams:writer - teams:read,
//     teams.permissions:read on teams:* - and fixed:teams:creator -
//     org.users:read on users:* - are granted to Admin only;
//     fixed:teams:read to nobody), plus teams:read on each team it is a
//     member of (the managed "Member" team permission, pkg/services/
//     accesscontrol/ossaccesscontrol: Member → teams:read). Viewer and
//     Editor therefore have no org.users:read and see only their own teams.
//   - the anonymous user: its role's basic permissions and no memberships.
//   - the plugin's managed service account: role None plus exactly the
//     plugin.json iam permissions, in org 1 only
//     (pkg/services/serviceaccounts/extsvcaccounts/service.go: created with
//     RoleNone in extsvcauth.TmpOrgID; SaveExternalServiceRole).
//
// A refusal is the middleware's deny: 403 {title, message, accessErrorId}
// (pkg/services/accesscontrol/middleware.go).

// bedUser is one user of the test bed's Grafana: its org memberships (org →
// role) and its profile.
type bedUser struct {
	ID    int64
	UID   string
	Login string
	Name  string
	Email string
	Orgs  map[int64]string
}

// bedTeam is one team; Admins are members with the team Admin permission.
type bedTeam struct {
	ID      int64
	UID     string
	OrgID   int64
	Name    string
	Email   string
	Members []string
	Admins  []string
}

// bedUsers are the users /testbed/login's default logins map onto (login =
// the role in lower case) plus named people; erin is in org 2 only.
var bedUsers = []bedUser{
	{ID: 1, UID: "u-admin", Login: "admin", Name: "admin", Email: "admin@testbed.local", Orgs: map[int64]string{1: "Admin"}},
	{ID: 2, UID: "u-editor", Login: "editor", Name: "Eddie Editor", Email: "editor@testbed.local", Orgs: map[int64]string{1: "Editor"}},
	{ID: 3, UID: "u-viewer", Login: "viewer", Name: "Vera Viewer", Email: "viewer@testbed.local", Orgs: map[int64]string{1: "Viewer"}},
	{ID: 4, UID: "u-alice", Login: "alice", Name: "Alice Adams", Email: "alice@testbed.local", Orgs: map[int64]string{1: "Editor", 2: "Viewer"}},
	{ID: 5, UID: "u-bob", Login: "bob", Name: "Bob Brown", Email: "bob@testbed.local", Orgs: map[int64]string{1: "Viewer"}},
	{ID: 6, UID: "u-carol", Login: "carol", Name: "Carol Chen", Email: "carol@testbed.local", Orgs: map[int64]string{1: "Editor"}},
	{ID: 7, UID: "u-dave", Login: "dave", Name: "Dave Diaz", Email: "dave@testbed.local", Orgs: map[int64]string{1: "Viewer"}},
	{ID: 8, UID: "u-erin", Login: "erin", Name: "Erin Evans", Email: "erin@testbed.local", Orgs: map[int64]string{2: "Admin"}},
}

var bedTeams = []bedTeam{
	{ID: 1, UID: "t-sre", OrgID: 1, Name: "SRE", Email: "sre@testbed.local", Members: []string{"alice", "bob", "viewer"}, Admins: []string{"alice"}},
	{ID: 2, UID: "t-payments", OrgID: 1, Name: "Payments", Email: "", Members: []string{"carol", "dave", "alice"}},
	{ID: 3, UID: "t-org2-ops", OrgID: 2, Name: "Org 2 Ops", Members: []string{"erin", "alice"}},
}

func findBedUser(login string) (bedUser, bool) {
	for _, u := range bedUsers {
		if u.Login == login {
			return u, true
		}
	}
	return bedUser{}, false
}

// permission is one RBAC action on a scope ("" for none).
type permission struct{ Action, Scope string }

// caller is who calls a users/teams route, with its permissions in its org.
type caller struct {
	orgID int64
	perms []permission
}

// has is Grafana's EvalPermission(action) without a scope: any scope of the
// action will do (accesscontrol/evaluator.go permissionEvaluator.Evaluate).
func (c caller) has(action string) bool {
	for _, p := range c.perms {
		if p.Action == action {
			return true
		}
	}
	return false
}

// hasScope is EvalPermission(action, scope): a permission on the scope, or
// on a wildcard covering it (teams:* covers teams:id:5, * covers all).
func (c caller) hasScope(action, scope string) bool {
	for _, p := range c.perms {
		if p.Action != action {
			continue
		}
		if p.Scope == scope || p.Scope == "*" {
			return true
		}
		if prefix, ok := strings.CutSuffix(p.Scope, "*"); ok && strings.HasPrefix(scope, prefix) {
			return true
		}
	}
	return false
}

// basicRolePermissions are the fixed roles' grants that matter here.
func basicRolePermissions(role string) []permission {
	if role != "Admin" {
		return nil
	}
	return []permission{
		{"org.users:read", "users:*"},
		{"teams:read", "teams:*"},
		{"teams.permissions:read", "teams:*"},
		{"teams.permissions:write", "teams:*"},
	}
}

// sessionCaller is a session user's (or the anonymous user's) caller.
func sessionCaller(id identity) caller {
	c := caller{orgID: id.OrgID, perms: basicRolePermissions(id.Role)}
	if id.anonymous() {
		return c
	}
	for _, t := range bedTeams {
		if t.OrgID != id.OrgID {
			continue
		}
		scope := "teams:id:" + strconv.FormatInt(t.ID, 10)
		for _, m := range t.Members {
			if m == id.Login {
				c.perms = append(c.perms, permission{"teams:read", scope})
			}
		}
		for _, m := range t.Admins {
			if m == id.Login {
				c.perms = append(c.perms, permission{"teams.permissions:read", scope}, permission{"teams.permissions:write", scope})
			}
		}
	}
	return c
}

// pluginServiceAccount is the plugin's managed service account: its token
// works only while plugin.json declares iam permissions and the bed runs
// with externalServiceAccounts on (ExternalService.Active), and carries
// only those permissions, in org 1.
func (s *server) pluginServiceAccount() (caller, grafanahost.ExternalService) {
	_, raw, _ := loadPluginJSON(s.cfg.dist)
	var iam []grafanahost.IAMPermission
	if raw != nil {
		iam, _ = grafanahost.ParseIAM(raw)
	}
	es := grafanahost.ExternalService{IAMPermissions: len(iam), Toggle: s.cfg.externalServiceAccounts, ClientSecret: s.saToken}
	c := caller{orgID: 1} // extsvcauth.TmpOrgID
	for _, p := range iam {
		c.perms = append(c.perms, permission{p.Action, p.Scope})
	}
	return c, es
}

// newServiceAccountToken makes a token shaped like Grafana's service
// account tokens (pkg/components/satokengen: "glsa_" + secret).
func newServiceAccountToken() string {
	b := make([]byte, 24)
	if _, err := rand.Read(b); err != nil {
		panic(err)
	}
	return "glsa_" + hex.EncodeToString(b)
}

// callerFor resolves the caller of a users/teams route or answers 400/401.
func (s *server) callerFor(w http.ResponseWriter, r *http.Request) (caller, bool) {
	if auth := r.Header.Get("Authorization"); strings.HasPrefix(auth, "Bearer ") {
		token := strings.TrimPrefix(auth, "Bearer ")
		if sa, es := s.pluginServiceAccount(); es.Active() &&
			subtle.ConstantTimeCompare([]byte(token), []byte(s.saToken)) == 1 {
			return sa, true
		}
	}
	id, ok := withIdentity(w, r) // other tokens: -service-account ones, else 401
	if !ok {
		return caller{}, false
	}
	return sessionCaller(id), true
}

// deny is the accesscontrol middleware's 403 for an API request.
func deny(w http.ResponseWriter, action string) {
	writeJSON(w, http.StatusForbidden, map[string]string{
		"title":         "Access denied",
		"message":       "You'll need additional permissions to perform this action. Permissions needed: " + action,
		"accessErrorId": "ACE0000000000",
	})
}

// orgMembers are the bed users of org, sorted by login.
func orgMembers(orgID int64) []bedUser {
	var out []bedUser
	for _, u := range bedUsers {
		if _, ok := u.Orgs[orgID]; ok {
			out = append(out, u)
		}
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Login < out[j].Login })
	return out
}

// matchesQuery is the org user store's filter: email, name or login LIKE
// %query% (case-insensitive on SQLite/MySQL; ILIKE on PostgreSQL).
func matchesQuery(u bedUser, q string) bool {
	if q == "" {
		return true
	}
	q = strings.ToLower(q)
	return strings.Contains(strings.ToLower(u.Email), q) || strings.Contains(strings.ToLower(u.Name), q) ||
		strings.Contains(strings.ToLower(u.Login), q)
}

// visibleOrgUsers applies the route's query, unless unfiltered the
// org.users:read scope filter (accesscontrol.Filter on "users:id:"), and
// limit (0: no limit).
func visibleOrgUsers(c caller, q string, limit int, unfiltered bool) []bedUser {
	var out []bedUser
	for _, u := range orgMembers(c.orgID) {
		if !unfiltered && !c.hasScope("org.users:read", "users:id:"+strconv.FormatInt(u.ID, 10)) || !matchesQuery(u, q) {
			continue
		}
		out = append(out, u)
		if limit > 0 && len(out) == limit {
			break
		}
	}
	return out
}

// queryInt is macaron's QueryInt: not a number → 0.
func queryInt(r *http.Request, key string) int {
	n, _ := strconv.Atoi(r.URL.Query().Get(key))
	return n
}

func gravatar(email string) string {
	if email == "" {
		return "/avatar/00000000000000000000000000000000"
	}
	return "/avatar/" + hex.EncodeToString([]byte(strings.ToLower(email)))[:32]
}

// handleOrgUsers is GET /api/org/users: authorize(org.users:read) →
// []OrgUserDTO (pkg/services/org/model.go).
func (s *server) handleOrgUsers(w http.ResponseWriter, r *http.Request) {
	c, ok := s.callerFor(w, r)
	if !ok {
		return
	}
	if !c.has("org.users:read") {
		deny(w, "org.users:read")
		return
	}
	out := []map[string]any{}
	for _, u := range visibleOrgUsers(c, r.URL.Query().Get("query"), queryInt(r, "limit"), false) {
		out = append(out, map[string]any{
			"orgId": c.orgID, "userId": u.ID, "uid": u.UID, "email": u.Email, "name": u.Name,
			"avatarUrl": gravatar(u.Email), "login": u.Login, "role": u.Orgs[c.orgID],
			"lastSeenAt": "2026-01-01T00:00:00Z", "lastSeenAtAge": "10y", "isDisabled": false,
			"authLabels": []string{}, "isExternallySynced": false, "isProvisioned": false,
		})
	}
	writeJSON(w, http.StatusOK, out)
}

// handleOrgUsersLookup is GET /api/org/users/lookup: in OSS
// authorize(EvalAny(org.users:read, teams.permissions:write,
// folders.permissions:write, dashboards.permissions:write)) →
// []UserLookupDTO{userId, uid, login, avatarUrl}, unfiltered in OSS
// (DontEnforceAccessControl without the accesscontrol.enforcement licence).
// The bed's users administer no folders or dashboards, so only the first
// two can pass (a team Admin such as alice passes by the second).
func (s *server) handleOrgUsersLookup(w http.ResponseWriter, r *http.Request) {
	c, ok := s.callerFor(w, r)
	if !ok {
		return
	}
	if !c.has("org.users:read") && !c.has("teams.permissions:write") {
		deny(w, "org.users:read")
		return
	}
	out := []map[string]any{}
	for _, u := range visibleOrgUsers(c, r.URL.Query().Get("query"), queryInt(r, "limit"), true) {
		out = append(out, map[string]any{"userId": u.ID, "uid": u.UID, "login": u.Login, "avatarUrl": gravatar(u.Email)})
	}
	writeJSON(w, http.StatusOK, out)
}

// handleUsersLookup is GET /api/users/lookup: users:read on global.users:*,
// which only Grafana server admins have. Nobody in the bed is one
// (bootData isGrafanaAdmin is false), service accounts never are.
func (s *server) handleUsersLookup(w http.ResponseWriter, r *http.Request) {
	if _, ok := s.callerFor(w, r); !ok {
		return
	}
	deny(w, "users:read")
}

func teamDTO(t bedTeam) map[string]any {
	return map[string]any{
		"id": t.ID, "uid": t.UID, "orgId": t.OrgID, "name": t.Name, "email": t.Email,
		"avatarUrl": gravatar(t.Email), "memberCount": len(t.Members), "permission": 0,
		"accessControl": nil, "isProvisioned": false, "externalUID": "",
	}
}

// handleTeamsSearch is GET /api/teams/search: authorize(teams:read) →
// SearchTeamQueryResult{totalCount, teams, page, perPage}; teams filtered
// by the caller's teams:read scopes, name LIKE %query%, perpage default
// 1000, page default 1.
func (s *server) handleTeamsSearch(w http.ResponseWriter, r *http.Request) {
	c, ok := s.callerFor(w, r)
	if !ok {
		return
	}
	if !c.has("teams:read") {
		deny(w, "teams:read")
		return
	}
	perPage := queryInt(r, "perpage")
	if perPage <= 0 {
		perPage = 1000
	}
	page := queryInt(r, "page")
	if page < 1 {
		page = 1
	}
	q := strings.ToLower(r.URL.Query().Get("query"))
	var all []bedTeam
	for _, t := range bedTeams {
		if t.OrgID == c.orgID && c.hasScope("teams:read", "teams:id:"+strconv.FormatInt(t.ID, 10)) &&
			strings.Contains(strings.ToLower(t.Name), q) {
			all = append(all, t)
		}
	}
	sort.Slice(all, func(i, j int) bool { return all[i].Name < all[j].Name })
	teams := []map[string]any{}
	for i := (page - 1) * perPage; i < len(all) && i < page*perPage; i++ {
		teams = append(teams, teamDTO(all[i]))
	}
	writeJSON(w, http.StatusOK, map[string]any{"totalCount": len(all), "teams": teams, "page": page, "perPage": perPage})
}

// handleTeam is GET /api/teams/{teamId}: authorize(teams:read on
// teams:id:<id>) before anything else, then 400 "teamId is invalid", 404
// "Team not found" (also for another org's team), else the TeamDTO.
func (s *server) handleTeam(w http.ResponseWriter, r *http.Request) {
	c, ok := s.callerFor(w, r)
	if !ok {
		return
	}
	raw := r.PathValue("teamId")
	if !c.hasScope("teams:read", "teams:id:"+raw) {
		deny(w, "teams:read")
		return
	}
	id, err := strconv.ParseInt(raw, 10, 64)
	if err != nil {
		apiError(w, http.StatusBadRequest, "teamId is invalid")
		return
	}
	for _, t := range bedTeams {
		if t.ID == id && t.OrgID == c.orgID {
			writeJSON(w, http.StatusOK, teamDTO(t))
			return
		}
	}
	apiError(w, http.StatusNotFound, "Team not found")
}

// handleTeamMembers is GET /api/teams/{teamId}/members:
// authorize(teams.permissions:read on teams:id:<id>) → []TeamMemberDTO; a
// team that does not exist in the org gives [] (GetTeamMembers finds no
// rows).
func (s *server) handleTeamMembers(w http.ResponseWriter, r *http.Request) {
	c, ok := s.callerFor(w, r)
	if !ok {
		return
	}
	raw := r.PathValue("teamId")
	if !c.hasScope("teams.permissions:read", "teams:id:"+raw) {
		deny(w, "teams.permissions:read")
		return
	}
	id, err := strconv.ParseInt(raw, 10, 64)
	if err != nil {
		apiError(w, http.StatusBadRequest, "teamId is invalid")
		return
	}
	out := []map[string]any{}
	for _, t := range bedTeams {
		if t.ID != id || t.OrgID != c.orgID {
			continue
		}
		for _, login := range t.Members {
			u, ok := findBedUser(login)
			if _, inOrg := u.Orgs[c.orgID]; !ok || !inOrg {
				continue
			}
			perm := 0
			for _, a := range t.Admins {
				if a == login {
					perm = 4 // dashboardaccess.PERMISSION_ADMIN
				}
			}
			out = append(out, map[string]any{
				"orgId": t.OrgID, "teamId": t.ID, "teamUID": t.UID, "userId": u.ID, "auth_module": "",
				"email": u.Email, "name": u.Name, "login": u.Login, "avatarUrl": gravatar(u.Email),
				"labels": []string{}, "permission": perm,
			})
		}
	}
	writeJSON(w, http.StatusOK, out)
}
