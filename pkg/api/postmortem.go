package api

import (
	"encoding/json"
	"fmt"
	"net/http"
	"time"

	"github.com/warroom/warroom-incident-app/pkg/incident"
	"github.com/warroom/warroom-incident-app/pkg/postmortem"
)

// postmortemView is what the post-mortem page shows.
type postmortemView struct {
	Version  int64          `json:"version"`
	Doc      postmortem.Doc `json:"doc"`
	DueAt    *time.Time     `json:"dueAt,omitempty"`
	Markdown string         `json:"markdown"`
	Saved    bool           `json:"saved"`
}

func (a *API) getPostmortem(r *http.Request, id Identity) (int, any, error) {
	inc, err := a.Store.GetIncident(r.Context(), id.OrgID, r.PathValue("id"))
	if err != nil {
		return 0, nil, err
	}
	doc, saved := postmortem.Prefill(inc, inc.CreatedBy), false
	if len(inc.Details.Postmortem) > 0 {
		if err := json.Unmarshal(inc.Details.Postmortem, &doc); err != nil {
			return 0, nil, fmt.Errorf("stored post-mortem of %s is unreadable: %w", inc.ID, err)
		}
		saved = true
	}
	view, err := a.postmortemView(r, inc, doc)
	view.Saved = saved
	return http.StatusOK, view, err
}

// putPostmortem saves the document. It is the one part of a resolved
// incident that stays editable.
func (a *API) putPostmortem(r *http.Request, id Identity) (int, any, error) {
	var req struct {
		Version int64          `json:"version"`
		Doc     postmortem.Doc `json:"doc"`
	}
	if err := decodeJSON(r, &req); err != nil {
		return 0, nil, err
	}
	var errs []incident.FieldError
	if req.Version < 1 {
		errs = append(errs, fieldError("version", "send the incident version you edited"))
	}
	for _, e := range req.Doc.Validate() {
		path := "doc"
		if e.Path != "" {
			path += "." + e.Path
		}
		errs = append(errs, fieldError(path, e.Message))
	}
	if len(errs) > 0 {
		return 0, nil, invalid("the post-mortem is not valid", errs...)
	}
	inc, err := a.Store.GetIncident(r.Context(), id.OrgID, r.PathValue("id"))
	if err != nil {
		return 0, nil, err
	}
	if inc.Version != req.Version {
		return 0, nil, errConflict
	}
	body, err := json.Marshal(req.Doc)
	if err != nil {
		return 0, nil, err
	}
	now := a.Now().UTC()
	inc.Details = inc.Details.Normalize()
	inc.Details.Postmortem = body
	inc.UpdatedAt = now
	ev := incident.Event{Kind: incident.EventPostmortem, Author: id.Author(), At: now, Payload: map[string]any{"actionItems": len(req.Doc.ActionItems)}}
	saved, err := a.Store.UpdateIncident(r.Context(), inc, toNewEvents([]incident.Event{ev}))
	if err != nil {
		return 0, nil, err
	}
	view, err := a.postmortemView(r, saved, req.Doc)
	view.Saved = true
	return http.StatusOK, view, err
}

func (a *API) postmortemView(r *http.Request, inc incident.Incident, doc postmortem.Doc) (postmortemView, error) {
	pol, err := a.policyVersion(r.Context(), inc.OrgID, inc.Details.PolicyVersion)
	if err != nil {
		return postmortemView{}, err
	}
	events, err := a.Store.ListEvents(r.Context(), inc.OrgID, inc.ID, 0)
	if err != nil {
		return postmortemView{}, err
	}
	v := postmortemView{Version: inc.Version, Doc: doc, Markdown: postmortem.Markdown(inc, events, doc, pol.Labels, a.Now())}
	if due, ok := postmortem.DueAt(inc, pol.PostmortemDue.D()); ok {
		v.DueAt = &due
	}
	return v, nil
}

func fieldError(path, message string) incident.FieldError {
	return incident.FieldError{Path: path, Message: message}
}
