package api

import (
	"net/http"

	"github.com/warroom/warroom-incident-app/pkg/runbooks"
)

// RunbookList is the runbook library (embedded, with the settings'
// overrides), unrendered.
type RunbookList struct {
	Runbooks []runbooks.Runbook `json:"runbooks"`
}

func (a *API) listRunbooks(_ *http.Request, _ Identity) (int, any, error) {
	out := RunbookList{Runbooks: a.Diagnostics.Runbooks.Runbooks}
	if out.Runbooks == nil {
		out.Runbooks = []runbooks.Runbook{}
	}
	return http.StatusOK, out, nil
}

// IncidentRunbook is one runbook rendered for each catalogued service of an
// incident: the commands are filled from that service's catalog entry.
type IncidentRunbook struct {
	ID       string                     `json:"id"`
	Services []runbooks.RenderedRunbook `json:"services"`
}

var errNoRunbook = &Error{Status: http.StatusNotFound, Code: "not_found", Message: "no runbook with this id"}

func (a *API) getIncidentRunbook(r *http.Request, id Identity) (int, any, error) {
	rb, ok := a.Diagnostics.Runbooks.Get(r.PathValue("runbookId"))
	if !ok {
		return 0, nil, errNoRunbook
	}
	inc, err := a.Store.GetIncident(r.Context(), id.OrgID, r.PathValue("id"))
	if err != nil {
		return 0, nil, err
	}
	out := IncidentRunbook{ID: rb.ID, Services: []runbooks.RenderedRunbook{}}
	for _, t := range a.runner().Targets(inc.Services) {
		out.Services = append(out.Services, runbooks.Render(rb, t))
	}
	return http.StatusOK, out, nil
}
