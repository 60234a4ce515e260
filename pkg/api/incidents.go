package api

import (
	"net/http"
	"strings"

	"github.com/warroom/warroom-incident-app/pkg/declare"
	"github.com/warroom/warroom-incident-app/pkg/incident"
	"github.com/warroom/warroom-incident-app/pkg/store"
	"github.com/warroom/warroom-incident-app/pkg/timeline"
)

// Me is who the back end takes the caller for. Grafana's anonymous user has
// an empty login and name; Anonymous says so, and Author is what the
// timeline records for the caller.
type Me struct {
	Login     string `json:"login"`
	Name      string `json:"name"`
	Role      string `json:"role" tstype:"'Viewer' | 'Editor' | 'Admin'"`
	OrgID     int64  `json:"orgId"`
	Anonymous bool   `json:"anonymous"`
	Author    string `json:"author"`
}

func (a *API) me(r *http.Request, id Identity) (int, any, error) {
	return http.StatusOK, Me{Login: id.Login, Name: id.Name, Role: id.Role.String(), OrgID: id.OrgID,
		Anonymous: id.Anonymous(), Author: id.Author()}, nil
}

func (a *API) declare(r *http.Request, id Identity) (int, any, error) {
	var d incident.Declare
	if err := decodeJSON(r, &d); err != nil {
		return 0, nil, err
	}
	d = d.Normalize()
	now := a.Now().UTC()
	if errs := declare.Check(d, now); len(errs) > 0 {
		return 0, nil, invalid("the incident is not valid", errs...)
	}
	n, declared, err := declare.New(r.Context(), a.Store, id.OrgID, id.Author(), d, now)
	if err != nil {
		return 0, nil, err
	}
	inc, err := a.Store.CreateIncident(r.Context(), id.OrgID, n, []store.NewEvent{declared})
	if err != nil {
		return 0, nil, err
	}
	return http.StatusCreated, inc, nil
}

func (a *API) getIncident(r *http.Request, id Identity) (int, any, error) {
	inc, err := a.Store.GetIncident(r.Context(), id.OrgID, r.PathValue("id"))
	if err != nil {
		return 0, nil, err
	}
	inc.Details = inc.Details.Normalize()
	return http.StatusOK, inc, nil
}

func (a *API) updateIncident(r *http.Request, id Identity) (int, any, error) {
	var u incident.Update
	if err := decodeJSON(r, &u); err != nil {
		return 0, nil, err
	}
	current, err := a.Store.GetIncident(r.Context(), id.OrgID, r.PathValue("id"))
	if err != nil {
		return 0, nil, err
	}
	if u.Version >= 1 && u.Version != current.Version {
		return 0, nil, errConflict // stale before we even compute: say so, don't validate
	}
	next, events, err := incident.Apply(current, u, id.Author(), a.Now().UTC())
	if err != nil {
		return 0, nil, err
	}
	saved, err := a.saveWithAssignments(r.Context(), current, next, events, id.Author())
	if err != nil {
		return 0, nil, err
	}
	return http.StatusOK, saved, nil
}

func (a *API) addNote(r *http.Request, id Identity) (int, any, error) {
	var n incident.Note
	if err := decodeJSON(r, &n); err != nil {
		return 0, nil, err
	}
	ev, errs := incident.NoteEvent(n, id.Author(), a.Now().UTC())
	if len(errs) > 0 {
		return 0, nil, invalid("the note is not valid", errs...)
	}
	if err := a.admitWrite(id.OrgID, r.PathValue("id")); err != nil {
		return 0, nil, err
	}
	saved, err := timeline.AppendToOpen(r.Context(), a.Store, id.OrgID, r.PathValue("id"), ev)
	if err != nil {
		return 0, nil, err
	}
	return http.StatusCreated, saved, nil
}

// csv splits a comma-separated query parameter, dropping empty parts.
func csv(r *http.Request, name string) []string {
	var out []string
	for _, part := range strings.Split(r.URL.Query().Get(name), ",") {
		if p := strings.TrimSpace(part); p != "" {
			out = append(out, p)
		}
	}
	return out
}
