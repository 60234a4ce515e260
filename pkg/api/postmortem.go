package api

import (
	"errors"
	"net/http"
	"time"

	"github.com/warroom/warroom-incident-app/pkg/incident"
	"github.com/warroom/warroom-incident-app/pkg/policy/policystore"
	"github.com/warroom/warroom-incident-app/pkg/postmortem"
	"github.com/warroom/warroom-incident-app/pkg/store"
	"github.com/warroom/warroom-incident-app/pkg/timeline"
)

// postmortemView is what the post-mortem page shows. Version is the
// post-mortem's own version (postmortem.VersionOf), not the incident's.
type postmortemView struct {
	Version  int64          `json:"version"`
	Doc      postmortem.Doc `json:"doc"`
	DueAt    *time.Time     `json:"dueAt,omitempty"`
	Markdown string         `json:"markdown"`
	Saved    bool           `json:"saved"`
	// SavedBy and SavedAt are the last save's author and time, so a
	// conflict can say whose text the editor is comparing with.
	SavedBy string     `json:"savedBy,omitempty"`
	SavedAt *time.Time `json:"savedAt,omitempty"`
}

// postmortemSaveAttempts bounds how often a save re-reads the incident when
// another change (a checklist tick, a role, an alert) committed between its
// read and its write. Those changes come at human or alert pace, so a few
// immediate retries win; a post-mortem changed meanwhile stops at once.
const postmortemSaveAttempts = 8

// postmortemConflictMessage is the 409 of a stale post-mortem version. The
// answer carries the server's document (error.current), so the editor can
// show it beside what the person typed.
const postmortemConflictMessage = "someone else saved this post-mortem since you loaded it; compare and save again with its version"

func (a *API) getPostmortem(r *http.Request, id Identity) (int, any, error) {
	inc, err := a.Store.GetIncident(r.Context(), id.OrgID, r.PathValue("id"))
	if err != nil {
		return 0, nil, err
	}
	view, err := a.storedView(r, inc)
	return http.StatusOK, view, err
}

// putPostmortem saves the document if the post-mortem is still at the
// version the editor loaded; changes to the rest of the incident do not
// matter. It is the one part of a resolved incident that stays editable.
func (a *API) putPostmortem(r *http.Request, id Identity) (int, any, error) {
	var req struct {
		Version *int64         `json:"version"`
		Doc     postmortem.Doc `json:"doc"`
	}
	if err := decodeJSON(r, &req); err != nil {
		return 0, nil, err
	}
	var errs []incident.FieldError
	if req.Version == nil || *req.Version < 0 {
		errs = append(errs, fieldError("version", "send the post-mortem version you edited (0 before its first save)"))
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
	var inc incident.Incident
	for range postmortemSaveAttempts {
		var err error
		inc, err = a.Store.GetIncident(r.Context(), id.OrgID, r.PathValue("id"))
		if err != nil {
			return 0, nil, err
		}
		if postmortem.VersionOf(inc.Details) != *req.Version {
			return a.postmortemConflict(r, inc)
		}
		saved, err := a.savePostmortem(r, id, inc, req.Doc)
		if errors.Is(err, store.ErrConflict) {
			continue // the incident moved, maybe not the post-mortem: read again
		}
		if err != nil {
			return 0, nil, err
		}
		view, err := a.postmortemView(r, saved, req.Doc)
		view.Saved = true
		return http.StatusOK, view, err
	}
	// Still losing the race: answer as for a stale version, with the last
	// document read, so the editor keeps what was typed and offers to retry.
	return a.postmortemConflict(r, inc)
}

// savePostmortem writes doc as the next post-mortem version of inc, with a
// timeline event; store.ErrConflict if inc is no longer the stored version.
func (a *API) savePostmortem(r *http.Request, id Identity, inc incident.Incident, doc postmortem.Doc) (incident.Incident, error) {
	details, err := postmortem.Store(inc.Details.Normalize(), doc)
	if err != nil {
		return incident.Incident{}, err
	}
	now := a.Now().UTC()
	inc.Details, inc.UpdatedAt = details, now
	ev := incident.Event{Kind: incident.EventPostmortem, Author: id.Author(), At: now,
		Payload: map[string]any{"actionItems": len(doc.ActionItems), "version": details.PostmortemVersion}}
	return a.Store.UpdateIncident(r.Context(), inc, timeline.NewEvents([]incident.Event{ev}))
}

// postmortemConflict is the 409 answer in the stable error shape, with the
// stored post-mortem under error.current.
func (a *API) postmortemConflict(r *http.Request, inc incident.Incident) (int, any, error) {
	view, err := a.storedView(r, inc)
	if err != nil {
		return 0, nil, err
	}
	type conflict struct {
		Code    string         `json:"code"`
		Message string         `json:"message"`
		Current postmortemView `json:"current"`
	}
	return http.StatusConflict, map[string]conflict{"error": {Code: errConflict.Code, Message: postmortemConflictMessage, Current: view}}, nil
}

// storedView is the view of the saved document, or of the prefill.
func (a *API) storedView(r *http.Request, inc incident.Incident) (postmortemView, error) {
	doc, saved, err := postmortem.Stored(inc)
	if err != nil {
		return postmortemView{}, err
	}
	view, err := a.postmortemView(r, inc, doc)
	view.Saved = saved
	return view, err
}

func (a *API) postmortemView(r *http.Request, inc incident.Incident, doc postmortem.Doc) (postmortemView, error) {
	pol, err := policystore.Version(r.Context(), a.Store, inc.OrgID, inc.Details.PolicyVersion)
	if err != nil {
		return postmortemView{}, err
	}
	events, err := a.Store.ListEvents(r.Context(), inc.OrgID, inc.ID, 0)
	if err != nil {
		return postmortemView{}, err
	}
	v := postmortemView{Version: postmortem.VersionOf(inc.Details), Doc: doc, Markdown: postmortem.Markdown(inc, events, doc, pol.Labels, a.Now())}
	for _, e := range events {
		if e.Kind == incident.EventPostmortem {
			v.SavedBy, v.SavedAt = e.Author, &e.At
		}
	}
	if due, ok := postmortem.DueAt(inc, pol.PostmortemDue.D()); ok {
		v.DueAt = &due
	}
	return v, nil
}

func fieldError(path, message string) incident.FieldError {
	return incident.FieldError{Path: path, Message: message}
}
