package main

import (
	"errors"
	"fmt"
	"hash/fnv"
	"net/http"
	"net/url"
	"regexp"
	"strconv"
	"strings"

	"github.com/grafana/grafana-plugin-sdk-go/backend"
	"github.com/warroom/warroom-incident-app/testbed/grafanahost"
)

// identityCookie carries the user as <Role>:<orgId>:<login> (CONTRACT.md
// "Identity"); an empty login is Grafana's anonymous user of that org and
// role. It stands in for Grafana's session: whoever holds it is that user,
// so the test bed must only listen on loopback.
const identityCookie = "testbed_identity"

// Org roles as Grafana names them (org.RoleType); None is "signed in
// without an org role".
var roleRank = map[string]int{"None": 0, "Viewer": 1, "Editor": 2, "Admin": 3}

var loginPattern = regexp.MustCompile(`^[A-Za-z0-9._@-]{1,64}$`)

// identity is the user of one request. Login is empty for Grafana's
// anonymous user: grafana pkg/services/authn/clients/anonymous.go builds an
// identity with only the anonymous org (id, name) and org_role, no login,
// name, email or user id, and the context handler marks it not signed in
// (pkg/services/contexthandler/contexthandler.go: IsSignedIn =
// !IsAnonymous).
type identity struct {
	Role  string
	OrgID int64
	Login string
}

// defaultIdentity is what a request without a cookie gets: the anonymous
// Admin of org 1, as the repository's docker-compose.yaml runs Grafana
// (GF_AUTH_ANONYMOUS_ENABLED=true, GF_AUTH_ANONYMOUS_ORG_ROLE=Admin).
var defaultIdentity = identity{Role: "Admin", OrgID: 1}

// anonymous reports whether this is Grafana's anonymous user.
func (id identity) anonymous() bool { return id.Login == "" }

// parseIdentity reads <Role>:<orgId>:<login> with a login (service
// accounts always have one).
func parseIdentity(v string) (identity, error) {
	id, err := parseSession(v)
	if err == nil && id.anonymous() {
		return identity{}, fmt.Errorf("login must not be empty in %q", v)
	}
	return id, err
}

// parseSession reads the cookie: <Role>:<orgId>:<login>, or <Role>:<orgId>:
// for the anonymous user with that org role.
func parseSession(v string) (identity, error) {
	parts := strings.Split(v, ":")
	if len(parts) != 3 {
		return identity{}, fmt.Errorf("want <Role>:<orgId>:<login> (empty login: anonymous), got %q", v)
	}
	id := identity{Role: parts[0], Login: parts[2]}
	if _, ok := roleRank[id.Role]; !ok {
		return identity{}, fmt.Errorf("unknown role %q", id.Role)
	}
	org, err := strconv.ParseInt(parts[1], 10, 64)
	if err != nil || org < 1 {
		return identity{}, fmt.Errorf("org id must be a positive integer, got %q", parts[1])
	}
	id.OrgID = org
	if id.Login != "" && !loginPattern.MatchString(id.Login) {
		return identity{}, fmt.Errorf("login %q is not allowed", id.Login)
	}
	return id, nil
}

func (id identity) String() string { return fmt.Sprintf("%s:%d:%s", id.Role, id.OrgID, id.Login) }

// serviceAccounts maps service-account tokens to their identity (flag
// -service-account TOKEN=<Role>:<orgId>:<login>). Grafana authenticates
// "Authorization: Bearer <token>" the same way for API calls and webhooks
// (pkg/services/authn/clients/api_key.go), so an alert contact point can
// call plugin resources as a service account.
var serviceAccounts = map[string]identity{}

// errBadToken is Grafana's 401 for a bearer token it does not know.
var errBadToken = errors.New("invalid API key")

// identityFrom reads a service-account bearer token, else the cookie;
// neither means the default admin. A malformed cookie or unknown token is an
// error rather than a silent admin, so a typo in a test's role cannot pass
// as Admin.
func identityFrom(r *http.Request) (identity, error) {
	if auth := r.Header.Get("Authorization"); strings.HasPrefix(auth, "Bearer ") {
		id, ok := serviceAccounts[strings.TrimPrefix(auth, "Bearer ")]
		if !ok {
			return identity{}, errBadToken
		}
		return id, nil
	}
	c, err := r.Cookie(identityCookie)
	if err != nil || c.Value == "" {
		return defaultIdentity, nil
	}
	v, err := url.QueryUnescape(c.Value)
	if err != nil {
		return identity{}, err
	}
	return parseSession(v)
}

// atLeast reports whether the role is role or above (Grafana's
// ReqContext.HasRole / org.RoleType.Includes).
func (id identity) atLeast(role string) bool { return roleRank[id.Role] >= roleRank[role] }

// userID is the fixture user's id (users.go bedUsers; admin is 1 as in
// Grafana), else a stable number from the login above the fixture's ids;
// the anonymous user has none (0, pkg/api/index.go UserIdentifier).
func (id identity) userID() int64 {
	if id.anonymous() {
		return 0
	}
	if u, ok := findBedUser(id.Login); ok {
		return u.ID
	}
	h := fnv.New32a()
	_, _ = h.Write([]byte(id.Login))
	return int64(h.Sum32()%100000) + 1000
}

// name and email are the fixture user's, else the login and
// <login>@testbed.local; empty for the anonymous user, as in Grafana.
func (id identity) name() string {
	if u, ok := findBedUser(id.Login); ok && !id.anonymous() {
		return u.Name
	}
	return id.Login
}
func (id identity) email() string {
	if id.anonymous() {
		return ""
	}
	if u, ok := findBedUser(id.Login); ok {
		return u.Email
	}
	return id.Login + "@testbed.local"
}

// uid is the user's UID; the anonymous user has none.
func (id identity) uid() string {
	if id.anonymous() {
		return ""
	}
	if u, ok := findBedUser(id.Login); ok {
		return u.UID
	}
	return "u-" + id.Login
}

func orgName(orgID int64) string {
	if orgID == 1 {
		return "Main Org."
	}
	return fmt.Sprintf("Org %d", orgID)
}

// backendUser is what Grafana's adapters.BackendUserFromSignedInUser sends
// (pkg/services/pluginsintegration/adapters/adapters.go: GetLogin, GetName,
// GetEmail, GetOrgRole): for the anonymous user a User with only its Role,
// never a nil User (plugincontext/base_plugincontext.go sets it whenever
// the request has an identity).
func (id identity) backendUser() *backend.User {
	return grafanahost.NewUser(id.Login, id.name(), id.email(), id.Role)
}

// withIdentity resolves the identity or answers 400.
func withIdentity(w http.ResponseWriter, r *http.Request) (identity, bool) {
	id, err := identityFrom(r)
	if errors.Is(err, errBadToken) {
		apiError(w, http.StatusUnauthorized, "Invalid API key")
		return identity{}, false
	}
	if err != nil {
		apiError(w, http.StatusBadRequest, "invalid "+identityCookie+" cookie: "+err.Error())
		return identity{}, false
	}
	return id, true
}

// handleLogin sets the identity cookie:
// /testbed/login?role=&org=&login=&next=, or &anonymous=true for Grafana's
// anonymous user with that role.
func handleLogin(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	role, org, login := q.Get("role"), q.Get("org"), q.Get("login")
	if role == "" {
		role = defaultIdentity.Role
	}
	if org == "" {
		org = "1"
	}
	anonymous, _ := strconv.ParseBool(q.Get("anonymous"))
	switch {
	case anonymous && login != "":
		apiError(w, http.StatusBadRequest, "the anonymous user has no login")
		return
	case !anonymous && login == "":
		login = strings.ToLower(role)
	}
	id, err := parseSession(role + ":" + org + ":" + login)
	if err != nil {
		apiError(w, http.StatusBadRequest, err.Error())
		return
	}
	http.SetCookie(w, &http.Cookie{Name: identityCookie, Value: id.String(), Path: "/",
		HttpOnly: true, SameSite: http.SameSiteLaxMode})
	http.Redirect(w, r, safeNext(q.Get("next")), http.StatusFound)
}

// safeNext allows only same-origin absolute paths, never "//host" or a URL.
func safeNext(next string) string {
	if next == "" || !strings.HasPrefix(next, "/") || strings.HasPrefix(next, "//") || strings.HasPrefix(next, "/\\") {
		return "/"
	}
	return next
}
