package api

import (
	"errors"
	"net/http"

	"github.com/warroom/warroom-incident-app/pkg/incident"
	"github.com/warroom/warroom-incident-app/pkg/postmortem"
	"github.com/warroom/warroom-incident-app/pkg/postmortem/postmortemstore"
)

// postmortemConflictMessage is the 409 of a stale post-mortem version. The
// answer carries the server's document (error.current), so the editor can
// show it beside what the person typed.
const postmortemConflictMessage = "someone else saved this post-mortem since you loaded it; compare and save again with its version"

func (a *API) getPostmortem(r *http.Request, id Identity) (int, any, error) {
	inc, err := a.Store.GetIncident(r.Context(), id.OrgID, r.PathValue("id"))
	if err != nil {
		return 0, nil, err
	}
	view, err := postmortemstore.Read(r.Context(), a.Store, inc, a.Now())
	return http.StatusOK, view, err
}

// putPostmortem saves the document if the post-mortem is still at the
// version the editor loaded (pkg/postmortem/postmortemstore).
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
	view, err := postmortemstore.Save(r.Context(), a.Store, id.OrgID, r.PathValue("id"), id.Author(), *req.Version, req.Doc, a.Now)
	var stale *postmortemstore.StaleError
	if errors.As(err, &stale) {
		return a.postmortemConflict(r, stale.Current)
	}
	return http.StatusOK, view, err
}

// postmortemConflict is the 409 answer in the stable error shape, with the
// stored post-mortem under error.current.
func (a *API) postmortemConflict(r *http.Request, inc incident.Incident) (int, any, error) {
	view, err := postmortemstore.Read(r.Context(), a.Store, inc, a.Now())
	if err != nil {
		return 0, nil, err
	}
	type conflict struct {
		Code    string               `json:"code"`
		Message string               `json:"message"`
		Current postmortemstore.View `json:"current"`
	}
	return http.StatusConflict, map[string]conflict{"error": {Code: errConflict.Code, Message: postmortemConflictMessage, Current: view}}, nil
}

func fieldError(path, message string) incident.FieldError {
	return incident.FieldError{Path: path, Message: message}
}
