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

func parseRole(s string) Role {
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

// Identity is the signed-in Grafana user of a request. It comes only from the
// plugin context Grafana sends over gRPC, never from request headers, which a
// client controls.
type Identity struct {
	OrgID int64
	Login string
	Name  string
	Role  Role
}

func identityFrom(r *http.Request) (Identity, error) {
	pc := backend.PluginConfigFromContext(r.Context())
	if pc.User == nil || pc.User.Login == "" || pc.OrgID < 1 {
		return Identity{}, errUnauthenticated
	}
	return Identity{OrgID: pc.OrgID, Login: pc.User.Login, Name: pc.User.Name, Role: parseRole(pc.User.Role)}, nil
}
