package main

import (
	"encoding/json"
	"errors"
	"net/http"
	"strconv"
	"strings"
)

// postAnnotationCmd is Grafana's dtos.PostAnnotationsCmd.
type postAnnotationCmd struct {
	DashboardID  int64           `json:"dashboardId"`
	DashboardUID string          `json:"dashboardUID"`
	PanelID      int64           `json:"panelId"`
	Time         int64           `json:"time"`
	TimeEnd      int64           `json:"timeEnd"`
	Tags         []string        `json:"tags"`
	Text         string          `json:"text"`
	Data         json.RawMessage `json:"data"`
}

// patchAnnotationCmd is Grafana's dtos.PatchAnnotationsCmd: only the fields
// present change.
type patchAnnotationCmd struct {
	Time    *int64          `json:"time"`
	TimeEnd *int64          `json:"timeEnd"`
	Text    *string         `json:"text"`
	Tags    *[]string       `json:"tags"`
	Data    json.RawMessage `json:"data"`
}

func validTags(tags []string) error {
	for i, t := range tags {
		if strings.TrimSpace(t) == "" || len(t) > 100 {
			return errors.New("tags[" + strconv.Itoa(i) + "] must be 1..100 characters")
		}
	}
	return nil
}

func validData(d json.RawMessage) error {
	if len(d) == 0 || string(d) == "null" {
		return nil
	}
	var m map[string]any
	if json.Unmarshal(d, &m) != nil {
		return errors.New("data must be a JSON object")
	}
	return nil
}

// annotationWriter resolves the identity and requires Editor, as Grafana's
// default roles do for annotations:create/write/delete.
func annotationWriter(w http.ResponseWriter, r *http.Request) (identity, bool) {
	id, ok := withIdentity(w, r)
	if !ok {
		return id, false
	}
	if !id.atLeast("Editor") {
		apiError(w, http.StatusForbidden, "Permission denied")
		return id, false
	}
	return id, true
}

func (s *server) handleFindAnnotations(w http.ResponseWriter, r *http.Request) {
	id, ok := withIdentity(w, r)
	if !ok {
		return
	}
	if !id.atLeast("Viewer") {
		apiError(w, http.StatusForbidden, "Permission denied")
		return
	}
	q, err := parseAnnotationQuery(r.URL.Query())
	if err != nil {
		badRequest(w, err)
		return
	}
	// grafana pkg/api/annotations.go GetAnnotations: a dashboardUID is looked
	// up first (DashboardService.GetDashboard) and one that is not found is
	// 400 "Invalid dashboard UID in annotation request", not an empty list.
	if q.DashboardUID != "" && !dashboardExists(id.OrgID, q.DashboardUID) {
		apiError(w, http.StatusBadRequest, "Invalid dashboard UID in annotation request")
		return
	}
	writeJSON(w, http.StatusOK, s.annotations.find(id.OrgID, q))
}

func (s *server) handlePostAnnotation(w http.ResponseWriter, r *http.Request) {
	id, ok := annotationWriter(w, r)
	if !ok {
		return
	}
	var cmd postAnnotationCmd
	if err := decodeBody(r, &cmd); err != nil {
		badRequest(w, err)
		return
	}
	var verr error
	switch {
	case strings.TrimSpace(cmd.Text) == "":
		verr = errors.New("text field should not be empty")
	case cmd.Time < 0 || cmd.TimeEnd < 0:
		verr = errors.New("time and timeEnd must be epoch milliseconds")
	case cmd.TimeEnd != 0 && cmd.TimeEnd < cmd.Time:
		verr = errInvalidRange
	default:
		verr = errors.Join(validTags(cmd.Tags), validData(cmd.Data))
	}
	if verr != nil {
		apiError(w, http.StatusBadRequest, verr.Error())
		return
	}
	newID, err := s.annotations.create(annotation{OrgID: id.OrgID, DashboardID: cmd.DashboardID,
		DashboardUID: cmd.DashboardUID, PanelID: cmd.PanelID, Time: cmd.Time, TimeEnd: cmd.TimeEnd,
		Tags: cmd.Tags, Text: cmd.Text, Data: orJSON(cmd.Data, "{}"),
		// The anonymous user has no user id, login or email; Grafana's
		// ItemDTO then has userId 0 and an empty login.
		UserID: id.userID(), Login: id.Login, Email: id.email()})
	if err != nil {
		s.log.Error("save annotation", "error", err)
		apiError(w, http.StatusInternalServerError, "Failed to save annotation")
		return
	}
	writeJSON(w, http.StatusOK, map[string]any{"message": "Annotation added", "id": newID})
}

func annotationID(w http.ResponseWriter, r *http.Request) (int64, bool) {
	n, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
	if err != nil || n < 1 {
		apiError(w, http.StatusBadRequest, "annotationId is invalid")
		return 0, false
	}
	return n, true
}

func (s *server) handlePatchAnnotation(w http.ResponseWriter, r *http.Request) {
	id, ok := annotationWriter(w, r)
	if !ok {
		return
	}
	aid, ok := annotationID(w, r)
	if !ok {
		return
	}
	var cmd patchAnnotationCmd
	if err := decodeBody(r, &cmd); err != nil {
		badRequest(w, err)
		return
	}
	if cmd.Text != nil && strings.TrimSpace(*cmd.Text) == "" {
		apiError(w, http.StatusBadRequest, "text field should not be empty")
		return
	}
	if cmd.Tags != nil {
		if err := validTags(*cmd.Tags); err != nil {
			apiError(w, http.StatusBadRequest, err.Error())
			return
		}
	}
	if err := validData(cmd.Data); err != nil {
		apiError(w, http.StatusBadRequest, err.Error())
		return
	}
	err := s.annotations.modify(id.OrgID, aid, func(a *annotation) (bool, error) {
		if cmd.Time != nil {
			a.Time = *cmd.Time
		}
		if cmd.TimeEnd != nil {
			a.TimeEnd = *cmd.TimeEnd
		}
		if cmd.Text != nil {
			a.Text = *cmd.Text
		}
		if cmd.Tags != nil {
			a.Tags = *cmd.Tags
		}
		if len(cmd.Data) > 0 {
			a.Data = cmd.Data
		}
		if a.TimeEnd < a.Time {
			return false, errInvalidRange
		}
		return false, nil
	})
	s.annotationResult(w, err, "Annotation patched")
}

func (s *server) handleDeleteAnnotation(w http.ResponseWriter, r *http.Request) {
	id, ok := annotationWriter(w, r)
	if !ok {
		return
	}
	aid, ok := annotationID(w, r)
	if !ok {
		return
	}
	err := s.annotations.modify(id.OrgID, aid, func(*annotation) (bool, error) { return true, nil })
	s.annotationResult(w, err, "Annotation deleted")
}

var errInvalidRange = errors.New("timeEnd must not be before time")

func (s *server) annotationResult(w http.ResponseWriter, err error, okMsg string) {
	switch {
	case errors.Is(err, errNotFound):
		apiError(w, http.StatusNotFound, "Annotation not found")
	case errors.Is(err, errInvalidRange):
		apiError(w, http.StatusBadRequest, err.Error())
	case err != nil:
		s.log.Error("update annotation", "error", err)
		apiError(w, http.StatusInternalServerError, "Failed to update annotation")
	default:
		writeJSON(w, http.StatusOK, map[string]string{"message": okMsg})
	}
}
