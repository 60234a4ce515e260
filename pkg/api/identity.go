package api

import (
	"net/http"

	"github.com/grafana/grafana-plugin-sdk-go/backend"
)

// Role is a Grafana org role, ordered so that a higher role includes the lower.
type Role int

const (
	RoleNone Role = iota
	RoleViewer
	RoleEditor
	RoleAdmin
)

func (r Role) String() string {
	return [...]string{"None", "Viewer", "Editor", "Admin"}[r]
}

// ParseRole reads the org role Grafana puts in the plugin context; anything
// else (empty, "None", an unknown name) is no role.
func ParseRole(s string) Role {
	switch s {
	case "Viewer":
		return RoleViewer
	case "Editor":
		return RoleEditor
	case "Admin":
		return RoleAdmin
	}
	return RoleNone
}

// AnonymousAuthor is who the timeline says acted when the user is Grafana's
// anonymous user, which has no login.
const AnonymousAuthor = "Anonymous"

// Identity is the Grafana user of a request. It comes only from the plugin
// context Grafana sends over gRPC, never from request headers, which a
// client controls.
type Identity struct {
	OrgID int64
	// Login is empty for Grafana's anonymous user ([auth.anonymous]): its
	// identity has no login, name or email, only the anonymous org and role
	// (grafana pkg/services/authn/clients/anonymous.go), and the plugin
	// context copies GetLogin() as is (pkg/services/pluginsintegration/
	// adapters BackendUserFromSignedInUser).
	Login string
	Name  string
	Role  Role
}

// Anonymous reports whether this is Grafana's anonymous user.
func (id Identity) Anonymous() bool { return id.Login == "" }

// Author is the name recorded on what this user does (timeline events,
// checklist ticks, steps, policy versions, diagnostics runs): the login, or
// AnonymousAuthor, never empty.
func (id Identity) Author() string {
	if id.Anonymous() {
		return AnonymousAuthor
	}
	return id.Login
}

// IdentityOf reads the user of a plugin context. A context without a user
// or an org is refused; a user without a login is Grafana's anonymous user
// and is accepted with the role Grafana gave it (every route still checks
// that role).
func IdentityOf(pc backend.PluginContext) (Identity, error) {
	if pc.User == nil || pc.OrgID < 1 {
		return Identity{}, errUnauthenticated
	}
	return Identity{OrgID: pc.OrgID, Login: pc.User.Login, Name: pc.User.Name, Role: ParseRole(pc.User.Role)}, nil
}

func identityFrom(r *http.Request) (Identity, error) {
	return IdentityOf(backend.PluginConfigFromContext(r.Context()))
}
