package api

import (
	"net/http"

	"github.com/warroom/warroom-incident-app/pkg/incident"
	"github.com/warroom/warroom-incident-app/pkg/statusupdate"
)

// StatusUpdateRequest is a status update, optionally sent through some of
// the org's notification channels.
type StatusUpdateRequest struct {
	incident.StatusUpdate
	Channels []string `json:"channels" tstype:",optional"`
}

// postStatusUpdate records an edited message on the timeline and queues it
// for the channels it names (pkg/statusupdate).
func (a *API) postStatusUpdate(r *http.Request, id Identity) (int, any, error) {
	var req StatusUpdateRequest
	if err := decodeJSON(r, &req); err != nil {
		return 0, nil, err
	}
	now := a.Now().UTC()
	ev, errs := incident.StatusUpdateEvent(req.StatusUpdate, id.Author(), now)
	errs = append(errs, statusupdate.CheckChannels(a.Channels, req.Channels)...)
	if len(errs) > 0 {
		return 0, nil, invalid("the status update is not valid", errs...)
	}
	if err := a.admitWrite(id.OrgID, r.PathValue("id")); err != nil {
		return 0, nil, err
	}
	saved, err := statusupdate.Post(r.Context(), a.Store, id.OrgID, r.PathValue("id"), req.StatusUpdate, ev, req.Channels, now)
	if err != nil {
		return 0, nil, err
	}
	return http.StatusCreated, saved, nil
}
