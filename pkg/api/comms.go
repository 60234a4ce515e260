package api

import (
	"net/http"

	"github.com/warroom/warroom-incident-app/pkg/comms"
	"github.com/warroom/warroom-incident-app/pkg/policy/policystore"
)

// TemplateList answers GET /templates.
type TemplateList struct {
	Items []comms.Template `json:"items"`
}

func (a *API) listTemplates(r *http.Request, id Identity) (int, any, error) {
	return http.StatusOK, TemplateList{Items: a.templates()}, nil
}

func (a *API) templates() []comms.Template {
	if len(a.Templates) > 0 {
		return a.Templates
	}
	return comms.Defaults()
}

// renderMessage fills a template from the incident, its policy and roles.
func (a *API) renderMessage(r *http.Request, id Identity) (int, any, error) {
	var tpl *comms.Template
	for _, t := range a.templates() {
		if t.ID == r.PathValue("templateId") {
			tpl = &t
			break
		}
	}
	if tpl == nil {
		return 0, nil, &Error{Status: http.StatusNotFound, Code: "not_found", Message: "no such template"}
	}
	inc, err := a.Store.GetIncident(r.Context(), id.OrgID, r.PathValue("id"))
	if err != nil {
		return 0, nil, err
	}
	pol, err := policystore.Version(r.Context(), a.Store, id.OrgID, inc.Details.PolicyVersion)
	if err != nil {
		return 0, nil, err
	}
	commander := inc.Details.Roles.Commander
	msg := comms.Render(*tpl, comms.Context{Incident: inc, Policy: pol, Now: a.Now(), Commander: commander})
	return http.StatusOK, msg, nil
}

// postStatusUpdate is in notify_updates.go: it may also send through channels.
